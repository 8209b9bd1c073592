using Wsp.Data.Nifti;
using Wsp.Data.Sampling;
using Wsp.Evaluation;
using Wsp.Training.Encoders;

namespace Wsp.Models.Tests;

public sealed class PatientClassifierTests(ModelFixture fixture) : IClassFixture<ModelFixture>
{
    [Fact]
    public async Task LinearProbeModel_GivesThePatientProbabilities_OfTheProbeOnMeanRepresentations()
    {
        var slices = EvaluationSampler.Spread(fixture.Cohort.SliceCounts, fixture.Options.SlicesPerPatient);
        double[][] features = await PatientEmbeddings.MeanRepresentationsAsync(fixture.Encoder, fixture.Cohort, slices);
        var expected = LogisticRegressionProbe.Fit(features, fixture.Cohort.Subjects.Subjects.Select(s => s.StrongLabel!.Value).ToArray())
            .PredictProbabilities(features);

        double[] predicted = fixture.Cohort.Subjects.Subjects.Select(s => fixture.Probe.Predict(s.ImagePath).Probability).ToArray();

        predicted.Should().Equal(expected, (a, b) => Math.Abs(a - b) < 1e-6);
        fixture.Probe.Fit.Patients.Should().Be(10);
        fixture.Probe.Threshold.Should().Be(BinaryMetrics.YoudenThreshold(fixture.Cohort.Subjects.Subjects.Select(s => s.StrongLabel!.Value).ToArray(), expected));
    }

    [Fact]
    public void Prediction_NamesThePatient_DecidesAtTheCutOff_AndReportsEveryEvaluatedSlice()
    {
        var subject = fixture.Cohort.Subjects.Subjects[0];

        PatientClassification answer = fixture.FineTuned.Predict(subject.ImagePath);

        answer.PatientId.Should().Be(Path.GetFileName(subject.ImagePath)[..^".nii.gz".Length], "by default a patient is named by its file, without the extension");
        answer.Slices.Should().HaveCount(4);
        answer.Slices.Select(s => s.SliceIndex).Should().BeInAscendingOrder();
        answer.Probability.Should().BeApproximately(answer.Slices.Average(s => s.Probability), 1e-12, "a fine-tuned model averages its slices' probabilities");
        answer.PredictedClass.Should().Be(answer.Probability >= answer.Threshold ? 1 : 0);
        answer.ClassName.Should().Be(fixture.Options.ClassNames[answer.PredictedClass]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SaveAndLoad_GiveTheSameAnswers(bool probe)
    {
        PatientClassifier model = probe ? fixture.Probe : fixture.FineTuned;
        string path = fixture.NewPath("model.wspmodel");
        model.Save(path);

        using PatientClassifier loaded = PatientClassifier.Load(path);

        loaded.Protocol.Should().Be(model.Protocol);
        loaded.Threshold.Should().Be(model.Threshold);
        loaded.ClassNames.Should().Equal(model.ClassNames);
        loaded.Preprocessing.ToMetadata().Should().Equal(model.Preprocessing.ToMetadata());
        loaded.Provenance.PretrainingMethod.Should().Be("None");
        loaded.Provenance.WrittenBy.Should().Be(model.Provenance.WrittenBy);
        foreach (var subject in fixture.Cohort.Subjects.Subjects.Take(3))
        {
            PatientClassification before = model.Predict(subject.ImagePath), after = loaded.Predict(subject.ImagePath);
            after.Probability.Should().Be(before.Probability);
            after.Slices.Select(s => s.Probability).Should().Equal(before.Slices.Select(s => s.Probability));
        }
        Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + ".tmp-*").Should().BeEmpty("the file is written under a temporary name, then renamed");
    }

    [Fact]
    public void AFlippedVolume_IsReorientedFromItsAffine_AndGetsTheSamePrediction()
    {
        var subject = fixture.Cohort.Subjects.Subjects[1];
        NiftiFile original = NiftiFile.Open(subject.ImagePath);
        float[] voxels = original.ReadVoxels<float>();
        long[] shape = original.Header.Shape.ToArray();
        // Reverse axis 0 in the file and say so in the affine: the same anatomy, stored the other way round.
        var flipped = new float[voxels.Length];
        long nx = shape[0];
        for (long i = 0; i < voxels.Length; i++)
            flipped[i] = voxels[i - i % nx + (nx - 1 - i % nx)];
        double[,] affine = original.Header.Affine;
        for (int row = 0; row < 3; row++)
        {
            affine[row, 3] += affine[row, 0] * (nx - 1);
            affine[row, 0] = -affine[row, 0];
        }
        string path = fixture.NewPath("flipped.nii.gz");
        NiftiWriter.Write(path, flipped, shape, affine);

        double flippedProbability = fixture.Probe.Predict(path).Probability;

        flippedProbability.Should().BeApproximately(fixture.Probe.Predict(subject.ImagePath).Probability, 1e-6);
    }

    [Fact]
    public void ModelOfANewerFormat_IsRefused_NamingTheVersions()
    {
        string path = fixture.NewPath("newer.wspmodel");
        fixture.Probe.Save(path);
        ModelFileEditing.RewriteManifest(path, json => json.Replace("\"format_version\": 1", "\"format_version\": 99"));

        var act = () => PatientClassifier.Load(path);

        act.Should().Throw<ModelFormatException>().WithMessage($"{path}: the model has format version 99*reads format versions up to 1*");
    }

    [Fact]
    public void MissingTruncatedOrForeignFiles_AreRefusedByName()
    {
        string missing = fixture.NewPath("absent.wspmodel");
        FluentActions.Invoking(() => PatientClassifier.Load(missing)).Should().Throw<ModelFormatException>().WithMessage($"{missing}: no such model file");

        string saved = fixture.NewPath("whole.wspmodel");
        fixture.Probe.Save(saved);
        byte[] bytes = File.ReadAllBytes(saved);
        string truncated = fixture.NewPath("truncated.wspmodel");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        FluentActions.Invoking(() => PatientClassifier.Load(truncated)).Should().Throw<ModelFormatException>().WithMessage($"{truncated}: not a readable Wsp model*");

        string foreign = fixture.NewPath("image.wspmodel");
        File.Copy(fixture.Cohort.Subjects.Subjects[0].ImagePath, foreign);
        FluentActions.Invoking(() => PatientClassifier.Load(foreign)).Should().Throw<ModelFormatException>().WithMessage($"{foreign}: not a readable Wsp model*");
    }

    [Fact]
    public void DamagedWeights_AreRefused_ByTheirHash()
    {
        string path = fixture.NewPath("damaged.wspmodel");
        fixture.Probe.Save(path);
        ModelFileEditing.RewriteEntry(path, "encoder.bin", bytes => { bytes[^1] ^= 0x5A; return bytes; });

        var act = () => PatientClassifier.Load(path);

        act.Should().Throw<ModelFormatException>().WithMessage("*encoder weights do not match the SHA-256*");
    }

    [Fact]
    public void UnreadableVolume_IsNamed()
    {
        string path = fixture.NewPath("broken.nii");
        File.WriteAllBytes(path, new byte[100]);

        var act = () => fixture.Probe.Predict(path);

        act.Should().Throw<NiftiFormatException>().WithMessage($"*{Path.GetFileName(path)}*");
    }

    [Fact]
    public async Task FittingRefusesPatientsWithoutAStrongLabel_NamingThem()
    {
        var unlabelled = new Wsp.Data.Subjects.SubjectTable(
            fixture.Cohort.Subjects.Subjects.Select((s, i) => i == 2 ? s with { StrongLabel = null } : s), "table.csv");
        var cohort = new Wsp.Data.Loading.SliceCohort(unlabelled, fixture.Cohort.Loader.Slicer);

        var act = () => PatientClassifierFitter.FitLinearProbeAsync(fixture.Encoder, cohort);

        await act.Should().ThrowAsync<InvalidDataException>().WithMessage($"table.csv: subject '{unlabelled.Subjects[2].Id}' needs a strong label*");
    }
}
