using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Data.Synthetic;
using Wsp.Data.Volumes;
using Wsp.Training.Encoders;

namespace Wsp.Evaluation.Tests;

public sealed class RepeatedCrossValidationRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-rcv-").FullName;
    private readonly SliceCohort _cohort;

    public RepeatedCrossValidationRunnerTests()
    {
        SyntheticCohort generated = SyntheticCohortGenerator.Generate(_folder, new SyntheticCohortOptions
        {
            WeakPatients = 0, HistologyPatients = 12, Width = 48, Height = 48, Slices = 10, StageProbabilities = new[] { 0.5, 0, 0, 0, 0.5 },
        });
        _cohort = new SliceCohort(generated.Subjects, new VolumeSlicer(new CentralFractionSelection(0.7), IntensityMapping.SoftTissueWindow, 32));
    }

    private static CrossValidationOptions Options(int repeats) =>
        new() { Folds = 2, Seed = 4, Repeats = repeats, EvaluationSlicesPerPatient = 3, FineTuneEpochs = 1, FineTuneSlicesPerPatient = 2 };

    [Fact]
    public void Repeats_DrawFoldsFromConsecutiveSeeds_AndRepeatZeroIsTheSingleRun()
    {
        var runner = new CrossValidationRunner(_cohort, Options(3));
        var single = new CrossValidationRunner(_cohort, Options(1));

        runner.RepeatSeeds.Should().Equal(4, 5, 6);
        for (int r = 0; r < 3; r++)
            runner.RepeatFolds[r].Should().BeEquivalentTo(StratifiedKFold.Split(runner.Labels, 2, 4 + r), o => o.WithStrictOrdering());
        runner.Folds.Should().BeEquivalentTo(single.Folds, o => o.WithStrictOrdering());
        runner.RepeatFolds[1].Should().NotBeEquivalentTo(runner.RepeatFolds[0], o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task LinearProbeRepeated_RepeatZeroEqualsLinearProbe_AndSummarisesTheRepeats()
    {
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions(), seed: 1);
        CrossValidationResult single = await new CrossValidationRunner(_cohort, Options(1)).LinearProbeAsync(encoder);

        RepeatedCrossValidation repeated = await new CrossValidationRunner(_cohort, Options(2)).LinearProbeRepeatedAsync(encoder);

        repeated.Seeds.Should().Equal(4, 5);
        repeated.Repeats.Should().HaveCount(2);
        repeated.Repeats[0].Predictions.Should().Equal(single.Predictions);
        repeated.Repeats[0].Summary.Folds.Should().Equal(single.Summary.Folds);
        repeated.Repeats[1].Predictions.Should().NotEqual(single.Predictions);
        repeated.AucMean.Should().BeApproximately((repeated.Repeats[0].Summary.AucMean + repeated.Repeats[1].Summary.AucMean) / 2, 1e-15);
        repeated.AucStd.Should().BeApproximately(Math.Abs(repeated.Repeats[0].Summary.AucMean - repeated.Repeats[1].Summary.AucMean) / 2, 1e-15);
        // Pooled: each repeat's test predictions of all 12 patients in one AUC.
        double[] pooled = repeated.PooledAucs();
        pooled.Should().HaveCount(2);
        for (int r = 0; r < 2; r++)
        {
            var test = repeated.Repeats[r].Predictions.Where(p => p.IsTest).ToArray();
            test.Should().HaveCount(12);
            pooled[r].Should().Be(BinaryMetrics.RocAuc(test.Select(p => p.Label).ToArray(), test.Select(p => p.Probability).ToArray()));
        }
    }

    [Fact]
    public async Task FineTuneRepeated_RepeatZeroEqualsFineTune_AndCountsEveryFold()
    {
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions(), seed: 1);
        CrossValidationResult single = await new CrossValidationRunner(_cohort, Options(1)).FineTuneAsync(encoder);
        var progress = new List<FoldProgress>();

        RepeatedCrossValidation repeated = await new CrossValidationRunner(_cohort, Options(2)).FineTuneRepeatedAsync(encoder, new SynchronousProgress(progress.Add));

        repeated.Protocol.Should().Be(EvaluationProtocol.FineTuning);
        repeated.Repeats[0].Predictions.Select(p => p.Probability).Should().Equal(single.Predictions.Select(p => p.Probability));
        repeated.Repeats[1].Predictions.Select(p => p.Probability).Should().NotEqual(single.Predictions.Select(p => p.Probability));
        progress.Should().Equal(new FoldProgress(1, 4), new FoldProgress(2, 4), new FoldProgress(3, 4), new FoldProgress(4, 4));
    }

    [Fact]
    public void ZeroRepeats_AreRefused()
    {
        FluentActions.Invoking(() => new CrossValidationRunner(_cohort, Options(0)))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Repeats");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class SynchronousProgress(Action<FoldProgress> report) : IProgress<FoldProgress>
    {
        public void Report(FoldProgress value) => report(value);
    }
}
