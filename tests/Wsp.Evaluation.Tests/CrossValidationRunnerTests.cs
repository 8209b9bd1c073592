using Wsp.Data.Loading;
using Wsp.Data.Subjects;
using Wsp.Data.Synthetic;
using Wsp.Data.Volumes;
using Wsp.Training.Encoders;

namespace Wsp.Evaluation.Tests;

public sealed class CrossValidationRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-cv-").FullName;
    private readonly SyntheticCohort _generated;

    public CrossValidationRunnerTests() =>
        _generated = SyntheticCohortGenerator.Generate(_folder, new SyntheticCohortOptions
        {
            WeakPatients = 0, HistologyPatients = 12, Width = 48, Height = 48, Slices = 10, StageProbabilities = new[] { 0.5, 0, 0, 0, 0.5 },
        });

    private SliceCohort Cohort(SubjectTable? subjects = null) =>
        new(subjects ?? _generated.Subjects, new VolumeSlicer(new CentralFractionSelection(0.7), IntensityMapping.SoftTissueWindow, 32));

    private static CrossValidationOptions Options => new() { Folds = 2, Seed = 4, EvaluationSlicesPerPatient = 3, FineTuneEpochs = 1, FineTuneSlicesPerPatient = 2 };

    [Fact]
    public async Task LinearProbe_PredictsEveryPatientInEveryFold_AndScoresTheTestPatients()
    {
        SliceCohort cohort = Cohort();
        var runner = new CrossValidationRunner(cohort, Options);
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions(), seed: 1);

        CrossValidationResult result = await runner.LinearProbeAsync(encoder);

        result.Protocol.Should().Be(EvaluationProtocol.LinearProbe);
        result.Predictions.Should().HaveCount(24);
        result.Predictions.Where(p => p.IsTest).Select(p => p.PatientId).Should().BeEquivalentTo(cohort.Subjects.Subjects.Select(s => s.Id));
        foreach (FoldMetrics fold in result.Summary.Folds)
        {
            var test = result.Predictions.Where(p => p.Fold == fold.Fold && p.IsTest).ToArray();
            fold.Auc.Should().Be(BinaryMetrics.RocAuc(test.Select(p => p.Label).ToArray(), test.Select(p => p.Probability).ToArray()));
        }
        encoder.training.Should().BeTrue("the encoder's mode is restored after embedding");
    }

    [Fact]
    public async Task FineTuning_LeavesThePretrainedEncoderUntouched_AndIsRepeatable()
    {
        var runner = new CrossValidationRunner(Cohort(), Options);
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions(), seed: 1);
        float[] before = encoder.parameters().First().data<float>().ToArray();
        var progress = new List<FoldProgress>();

        CrossValidationResult first = await runner.FineTuneAsync(encoder, new SynchronousProgress(progress.Add));
        CrossValidationResult second = await runner.FineTuneAsync(encoder);

        encoder.parameters().First().data<float>().ToArray().Should().Equal(before);
        second.Predictions.Select(p => p.Probability).Should().Equal(first.Predictions.Select(p => p.Probability));
        progress.Should().Equal(new FoldProgress(1, 2), new FoldProgress(2, 2));
    }

    [Fact]
    public void Patients_WithoutABinaryStrongLabel_AreRefusedByName()
    {
        var unlabelled = new SubjectTable(_generated.Subjects.Subjects.Select((s, i) => i == 3 ? s with { StrongLabel = null } : s), "test table");

        FluentActions.Invoking(() => new CrossValidationRunner(Cohort(unlabelled), Options))
            .Should().Throw<InvalidDataException>().WithMessage($"test table: subject '{_generated.Subjects.Subjects[3].Id}' needs a strong (histology) label of 0 or 1*");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class SynchronousProgress(Action<FoldProgress> report) : IProgress<FoldProgress>
    {
        public void Report(FoldProgress value) => report(value);
    }
}
