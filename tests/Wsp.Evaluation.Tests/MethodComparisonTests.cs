using Wsp.Evaluation;

namespace Wsp.Evaluation.Tests;

public sealed class MethodComparisonTests
{
    private const int Patients = 40;

    // A run of two folds (even patients tested in fold 0, odd in fold 1) whose models score every patient with
    // `score`; patients are listed in `order`.
    private static CrossValidationResult Run(EvaluationProtocol protocol, Func<int, double> score, IEnumerable<int> order) =>
        new(protocol, new CrossValidationSummary([], 0, 0, 0, 0),
            Enumerable.Range(0, 2).SelectMany(fold => order.Select(p => new PatientPrediction(fold, $"p{p}", Label(p), score(p), p % 2 == fold))).ToArray());

    private static int Label(int patient) => patient % 4 < 2 ? 1 : 0;

    private static double Strong(int patient) => (patient * 37 % 23) / 23.0 + 0.5 * Label(patient);

    private static double Weak(int patient) => (patient * 53 % 29) / 29.0 + 0.2 * Label(patient);

    [Fact]
    public void Compare_GivesPooledIntervals_AndDeLongOnPatientsPairedById()
    {
        var ascending = Enumerable.Range(0, Patients).ToArray();
        CrossValidationResult method = Run(EvaluationProtocol.LinearProbe, Strong, ascending);
        // The reference lists its patients in reverse: pairing must go by id, not by position.
        CrossValidationResult reference = Run(EvaluationProtocol.LinearProbe, Weak, ascending.Reverse());

        AucComparison row = MethodComparison.Compare("wsp", method, "simclr", reference, resamples: 300);

        int[] labels = ascending.Select(Label).ToArray();
        double[] strong = ascending.Select(Strong).ToArray();
        double[] weak = ascending.Select(Weak).ToArray();
        var pooled = CrossValidation.OutOfFold(method.Predictions);
        row.Method.Should().Be("wsp");
        row.ReferenceMethod.Should().Be("simclr");
        row.Protocol.Should().Be(EvaluationProtocol.LinearProbe);
        row.Auc.Should().Be(PatientBootstrap.Auc(labels, strong, 300));
        row.BalancedAccuracy.Should().Be(PatientBootstrap.BalancedAccuracy(labels, pooled.Select(p => p.Decision).ToArray(), 300));
        row.VersusReference.Should().Be(DeLong.Compare(labels, strong, weak));
        row.VersusReference!.Difference.Should().BeGreaterThan(0);
    }

    [Fact]
    public void CompareAll_MatchesProtocols_AndLeavesTheReferenceUntested()
    {
        var ids = Enumerable.Range(0, Patients).ToArray();
        var results = new List<(string, CrossValidationResult)>
        {
            ("simclr", Run(EvaluationProtocol.LinearProbe, Weak, ids)),
            ("simclr", Run(EvaluationProtocol.FineTuning, Strong, ids)),
            ("wsp", Run(EvaluationProtocol.LinearProbe, Strong, ids)),
            ("wsp", Run(EvaluationProtocol.FineTuning, Weak, ids)),
        };

        IReadOnlyList<AucComparison> rows = MethodComparison.CompareAll(results, "simclr", resamples: 200);

        rows.Select(r => (r.Method, r.Protocol)).Should().Equal(("simclr", EvaluationProtocol.LinearProbe), ("simclr", EvaluationProtocol.FineTuning),
            ("wsp", EvaluationProtocol.LinearProbe), ("wsp", EvaluationProtocol.FineTuning));
        rows[0].VersusReference.Should().BeNull();
        rows[1].VersusReference.Should().BeNull();
        // wsp's linear probe (Strong) against simclr's linear probe (Weak), and its fine-tuning (Weak) against simclr's (Strong).
        rows[2].VersusReference!.Difference.Should().BeApproximately(rows[2].Auc.Estimate - rows[0].Auc.Estimate, 1e-15);
        rows[3].VersusReference!.Difference.Should().BeApproximately(rows[3].Auc.Estimate - rows[1].Auc.Estimate, 1e-15);
        rows[3].VersusReference!.Difference.Should().BeNegative();
    }

    [Fact]
    public void MismatchedRuns_AreRefused()
    {
        var ids = Enumerable.Range(0, Patients).ToArray();
        CrossValidationResult probe = Run(EvaluationProtocol.LinearProbe, Strong, ids);

        FluentActions.Invoking(() => MethodComparison.Compare("a", probe, "b", Run(EvaluationProtocol.FineTuning, Weak, ids)))
            .Should().Throw<ArgumentException>().WithMessage("*compare like with like*");
        FluentActions.Invoking(() => MethodComparison.Compare("a", probe, "b", Run(EvaluationProtocol.LinearProbe, Weak, ids.Take(36))))
            .Should().Throw<ArgumentException>().WithMessage("'a' has 40 patients but 'b' has 36*");
        FluentActions.Invoking(() => MethodComparison.CompareAll([("a", probe), ("b", Run(EvaluationProtocol.FineTuning, Weak, ids))], "b"))
            .Should().Throw<ArgumentException>().WithMessage("The reference 'b' has no LinearProbe run*");
        FluentActions.Invoking(() => MethodComparison.CompareAll([("a", probe), ("a", probe)], "a"))
            .Should().Throw<ArgumentException>().WithMessage("'a' has 2 LinearProbe runs*");
    }
}
