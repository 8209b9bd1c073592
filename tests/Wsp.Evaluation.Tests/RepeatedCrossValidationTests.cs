using Wsp.Evaluation;

namespace Wsp.Evaluation.Tests;

public sealed class RepeatedCrossValidationTests
{
    private static CrossValidationResult Run(EvaluationProtocol protocol, params (double Auc, double BalancedAccuracy)[] folds) =>
        new(protocol, CrossValidation.Summarize(folds.Select((f, i) => new FoldMetrics(i, f.Auc, f.BalancedAccuracy, 0.5)).ToArray()), []);

    [Fact]
    public void Summarize_GivesMeanAndPopulationStdOfThePerRepeatMeans()
    {
        // Per-repeat mean AUC: (0.9 + 0.7) / 2 = 0.8 and (0.5 + 0.7) / 2 = 0.6: mean 0.7, population std 0.1.
        // Per-repeat mean balanced accuracy: 0.6 and 0.6: mean 0.6, std 0.
        var repeats = new[]
        {
            Run(EvaluationProtocol.LinearProbe, (0.9, 0.7), (0.7, 0.5)),
            Run(EvaluationProtocol.LinearProbe, (0.5, 0.6), (0.7, 0.6)),
        };

        RepeatedCrossValidation summary = RepeatedCrossValidation.Summarize([3, 4], repeats);

        summary.Protocol.Should().Be(EvaluationProtocol.LinearProbe);
        summary.Seeds.Should().Equal(3, 4);
        summary.Repeats.Should().Equal(repeats);
        summary.AucMean.Should().BeApproximately(0.7, 1e-15);
        summary.AucStd.Should().BeApproximately(0.1, 1e-15);
        summary.BalancedAccuracyMean.Should().BeApproximately(0.6, 1e-15);
        summary.BalancedAccuracyStd.Should().BeApproximately(0, 1e-15);
    }

    [Fact]
    public void OneRepeat_IsThatRepeatsSummary_WithNoSpread()
    {
        CrossValidationResult run = Run(EvaluationProtocol.FineTuning, (0.9, 0.8), (0.6, 0.7));
        RepeatedCrossValidation summary = RepeatedCrossValidation.Summarize([1], [run]);

        summary.AucMean.Should().Be(run.Summary.AucMean);
        summary.BalancedAccuracyMean.Should().Be(run.Summary.BalancedAccuracyMean);
        summary.AucStd.Should().Be(0);
    }

    [Fact]
    public void MismatchedInput_IsRefused()
    {
        CrossValidationResult probe = Run(EvaluationProtocol.LinearProbe, (0.9, 0.8));
        CrossValidationResult tuned = Run(EvaluationProtocol.FineTuning, (0.9, 0.8));

        FluentActions.Invoking(() => RepeatedCrossValidation.Summarize([1, 2], [probe, tuned])).Should().Throw<ArgumentException>().WithMessage("*mix*");
        FluentActions.Invoking(() => RepeatedCrossValidation.Summarize([1], [probe, probe])).Should().Throw<ArgumentException>().WithMessage("1 seeds but 2 repeats*");
        FluentActions.Invoking(() => RepeatedCrossValidation.Summarize([], [])).Should().Throw<ArgumentException>();
    }
}
