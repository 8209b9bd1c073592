using System.Globalization;
using Wsp.Data.Volumes;
using Wsp.Evaluation;
using Wsp.Models;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Wsp.Onnx.Tests;

/// <summary>A patient classifier's exported slice outputs against the TorchSharp computation of PatientClassifier.Predict.</summary>
public sealed class PatientClassifierExportTests(ClassifierFixture fixture, ITestOutputHelper log) : IClassFixture<ClassifierFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Export_SliceLogitsAndProbabilities_MatchTorchSharp_OnRandomAndRealSlices(bool probe)
    {
        PatientClassifier model = fixture.Model(probe);
        using SliceStack real = RealSlices.Load(model.Preprocessing.Size);

        foreach (var (source, input) in new[] { ("random", EncoderTensors.Random(6, 32, seed: 11)), ("real", EncoderTensors.Of(real, 7)) })
        {
            var onnx = OnnxRun.Outputs(fixture.OnnxPath(probe), input.Pixels, input.Shape, OnnxNames.SliceLogit, OnnxNames.SliceProbability);
            (double[] logits, double[] probabilities) = Reference(model, input);
            double logit = Differences.MaxRelative(onnx[OnnxNames.SliceLogit].Values, logits);
            double probability = Differences.MaxRelative(onnx[OnnxNames.SliceProbability].Values, probabilities);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{model.Protocol} {source} batch {input.Shape[0]}: slice_logit {logit:E2}, slice_probability {probability:E2}"));
            onnx[OnnxNames.SliceLogit].Shape.Should().Equal(input.Shape[0]);
            logit.Should().BeLessThan(Differences.Tolerance);
            probability.Should().BeLessThan(Differences.Tolerance);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Export_WritesThePreprocessingThresholdClassNamesAndAggregation(bool probe)
    {
        PatientClassifier model = fixture.Model(probe);

        var metadata = OnnxRun.Metadata(fixture.OnnxPath(probe));

        metadata.Should().Contain(model.Preprocessing.ToMetadata());
        metadata[OnnxMetadataKeys.Threshold].Should().Be(model.Threshold.ToString("R", CultureInfo.InvariantCulture));
        metadata[OnnxMetadataKeys.ClassName0].Should().Be(model.ClassNames[0]);
        metadata[OnnxMetadataKeys.ClassName1].Should().Be(model.ClassNames[1]);
        metadata[OnnxMetadataKeys.Aggregation].Should().Be(probe ? OnnxMetadataKeys.MeanLogit : OnnxMetadataKeys.MeanProbability);
        metadata[OnnxMetadataKeys.AggregationDescription].Should().Be(model.Aggregation);
        metadata[OnnxMetadataKeys.Protocol].Should().Be(probe ? "linear_probe" : "fine_tuning");
        metadata[OnnxMetadataKeys.Outputs].Should().Be("slice_logit,slice_probability");
        metadata[OnnxMetadataKeys.FormatVersion].Should().Be("1");
        metadata[OnnxMetadataKeys.ProducerVersion].Should().Be(OnnxExporter.ProducerVersion);
    }

    [Fact]
    public void Export_WithTheEncodersOutputs_GivesThemBesideTheSliceOutputs()
    {
        string path = fixture.NewPath("all.onnx");
        OnnxExporter.Export(fixture.FineTuned, path, new OnnxExportOptions
        {
            Outputs = [OnnxOutput.SliceProbability, OnnxOutput.Representation, OnnxOutput.Projection, OnnxOutput.Logits],
        });
        var input = EncoderTensors.Random(2, 32, seed: 4);

        var onnx = OnnxRun.Outputs(path, input.Pixels, input.Shape, OnnxNames.SliceProbability, OnnxNames.Representation, OnnxNames.Projection, OnnxNames.Logits);

        Differences.MaxRelative(onnx[OnnxNames.Logits].Values, EncoderTensors.Torch(fixture.FineTuned.Encoder.Classify, input)).Should().BeLessThan(Differences.Tolerance);
        Differences.MaxRelative(onnx[OnnxNames.Projection].Values, EncoderTensors.Torch(fixture.FineTuned.Encoder.Project, input)).Should().BeLessThan(Differences.Tolerance);
        Differences.MaxRelative(onnx[OnnxNames.SliceProbability].Values, Reference(fixture.FineTuned, input).Probabilities).Should().BeLessThan(Differences.Tolerance);
    }

    // PatientClassifier.Predict's slice computation: the probe on float64 representations, or the softmax of the head's logits in float64.
    private static (double[] Logits, double[] Probabilities) Reference(PatientClassifier model, (float[] Pixels, long[] Shape) input)
    {
        if (model.Protocol == EvaluationProtocol.LinearProbe)
        {
            double[] flat = EncoderTensors.Torch(model.Encoder.Represent, input);
            int width = model.Encoder.RepresentationSize;
            double[] logits = Enumerable.Range(0, flat.Length / width).Select(i => model.Probe!.Logit(flat.AsSpan(i * width, width).ToArray())).ToArray();
            return (logits, logits.Select(LogisticRegressionProbe.Sigmoid).ToArray());
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor wide = model.Encoder.Classify(tensor(input.Pixels, input.Shape)).to(ScalarType.Float64);
        double[] probabilities = nn.functional.softmax(wide, 1)[.., 1].data<double>().ToArray();
        double[] difference = (wide[.., 1] - wide[.., 0]).data<double>().ToArray();
        return (difference, probabilities);
    }
}
