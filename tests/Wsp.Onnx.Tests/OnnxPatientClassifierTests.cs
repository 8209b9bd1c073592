using System.Globalization;
using Wsp.Data.Nifti;
using Wsp.Data.Volumes;
using Wsp.Models;
using Xunit.Abstractions;

namespace Wsp.Onnx.Tests;

/// <summary>The ONNX Runtime predictor against PatientClassifier.Predict, and the files it refuses.</summary>
public sealed class OnnxPatientClassifierTests(ClassifierFixture fixture, ITestOutputHelper log) : IClassFixture<ClassifierFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Predict_AgreesWithTheTorchSharpModel_OnTheCohortAndARealCt(bool probe)
    {
        PatientClassifier model = fixture.Model(probe);
        using OnnxPatientClassifier onnx = OnnxPatientClassifier.Load(fixture.OnnxPath(probe));
        var volumes = fixture.Cohort.Subjects.Subjects.Select(s => (s.Id, s.ImagePath)).Append(("ct", RealSlices.CtPath()));
        double largest = 0;

        foreach (var (id, image) in volumes)
        {
            using SliceStack stack = model.Preprocessing.CreateSlicer().Load(id, NiftiFile.Open(image));
            PatientClassification expected = model.Predict(stack), actual = onnx.Predict(stack);

            actual.PatientId.Should().Be(expected.PatientId);
            actual.Threshold.Should().Be(expected.Threshold);
            actual.Slices.Select(s => (s.SliceIndex, s.Position)).Should().Equal(expected.Slices.Select(s => (s.SliceIndex, s.Position)));
            double difference = Math.Max(Differences.MaxRelative([actual.Probability], [expected.Probability]),
                Differences.MaxRelative(actual.Slices.Select(s => s.Probability).ToArray(), expected.Slices.Select(s => s.Probability).ToArray()));
            difference.Should().BeLessThan(Differences.Tolerance, id);
            if (Math.Abs(expected.Probability - expected.Threshold) > 1e-4)
                actual.PredictedClass.Should().Be(expected.PredictedClass, id);
            actual.ClassName.Should().Be(onnx.ClassNames[actual.PredictedClass]);
            largest = Math.Max(largest, difference);
        }
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model.Protocol}: patient and slice probabilities, max relative difference {largest:E2}"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Load_ReadsThePreprocessingThresholdAndClassNamesBack(bool probe)
    {
        PatientClassifier model = fixture.Model(probe);

        using OnnxPatientClassifier onnx = OnnxPatientClassifier.Load(fixture.OnnxPath(probe));

        onnx.Preprocessing.ToMetadata().Should().Equal(model.Preprocessing.ToMetadata());
        onnx.Preprocessing.ToString().Should().Be(model.Preprocessing.ToString());
        onnx.Threshold.Should().Be(model.Threshold);
        onnx.ClassNames.Should().Equal(model.ClassNames);
        onnx.Protocol.Should().Be(model.Protocol);
        onnx.Aggregation.Should().Be(model.Aggregation);
    }

    [Fact]
    public void Predict_AFileOnDisk_NamesThePatientAsTheTorchSharpModelDoes()
    {
        var subject = fixture.Cohort.Subjects.Subjects[0];
        using OnnxPatientClassifier onnx = OnnxPatientClassifier.Load(fixture.FineTunedPath);

        onnx.Predict(subject.ImagePath).PatientId.Should().Be(fixture.FineTuned.Predict(subject.ImagePath).PatientId);
    }

    [Fact]
    public void Load_MissingFile_IsNamed()
    {
        string path = fixture.NewPath("absent.onnx");

        Action load = () => OnnxPatientClassifier.Load(path);

        load.Should().Throw<FileNotFoundException>().WithMessage($"{path}: no such ONNX model file.");
    }

    [Fact]
    public void Load_AFileThatIsNotOnnx_IsInvalidData()
    {
        string path = fixture.NewPath("text.onnx");
        File.WriteAllText(path, "not a model");

        Action load = () => OnnxPatientClassifier.Load(path);

        load.Should().Throw<InvalidDataException>().WithMessage($"{path}: not a model ONNX Runtime can load*");
    }

    [Fact]
    public void Load_AnEncoderExport_IsNotAPatientClassifier()
    {
        string path = fixture.NewPath("encoder.onnx");
        OnnxExporter.Export(fixture.Probe.Encoder, path);

        Action load = () => OnnxPatientClassifier.Load(path);

        load.Should().Throw<InvalidDataException>().WithMessage($"{path}: is not a patient classifier*");
    }
}
