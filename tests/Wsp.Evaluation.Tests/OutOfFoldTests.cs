using Wsp.Evaluation;

namespace Wsp.Evaluation.Tests;

public sealed class OutOfFoldTests
{
    // Two folds of eight patients: a..d tested in fold 0, e..h in fold 1; each fold's model scores everyone.
    private static PatientPrediction[] TwoFolds() =>
    [
        // Fold 0, trained on e..h: e 0.2 (0), f 0.5 (0), g 0.6 (1), h 0.9 (1) give the Youden cut-off 0.6.
        new(0, "a", 1, 0.65, true), new(0, "b", 1, 0.55, true), new(0, "c", 0, 0.6, true), new(0, "d", 0, 0.1, true),
        new(0, "e", 0, 0.2, false), new(0, "f", 0, 0.5, false), new(0, "g", 1, 0.6, false), new(0, "h", 1, 0.9, false),
        // Fold 1, trained on a..d: d 0.1 (0), c 0.3 (0), b 0.4 (1), a 0.8 (1) give the cut-off 0.4.
        new(1, "a", 1, 0.8, false), new(1, "b", 1, 0.4, false), new(1, "c", 0, 0.3, false), new(1, "d", 0, 0.1, false),
        new(1, "e", 0, 0.35, true), new(1, "f", 0, 0.45, true), new(1, "g", 1, 0.7, true), new(1, "h", 1, 0.4, true),
    ];

    [Fact]
    public void EachPatient_HasItsTestFoldsPrediction_AndCutOff()
    {
        IReadOnlyList<OutOfFoldPrediction> pooled = CrossValidation.OutOfFold(TwoFolds());

        pooled.Select(p => p.PatientId).Should().Equal("a", "b", "c", "d", "e", "f", "g", "h");
        pooled.Select(p => p.Fold).Should().Equal(0, 0, 0, 0, 1, 1, 1, 1);
        pooled.Select(p => p.Probability).Should().Equal(0.65, 0.55, 0.6, 0.1, 0.35, 0.45, 0.7, 0.4);
        pooled.Select(p => p.Threshold).Should().Equal(0.6, 0.6, 0.6, 0.6, 0.4, 0.4, 0.4, 0.4);
        // b (0.55 < 0.6) is missed and c (0.6 >= 0.6) is a false positive; f (0.45 >= 0.4) too; h (0.4 >= 0.4) is found.
        pooled.Select(p => p.Decision).Should().Equal(1, 0, 1, 0, 0, 1, 1, 1);
        pooled.Select(p => p.Threshold).Distinct()
            .Should().Equal(CrossValidation.EvaluateFold(0, TwoFolds().Where(p => p.Fold == 0).ToArray()).Threshold,
                CrossValidation.EvaluateFold(1, TwoFolds().Where(p => p.Fold == 1).ToArray()).Threshold);
    }

    [Fact]
    public void APatientTestedTwice_IsRefusedByName()
    {
        var twice = TwoFolds().Select(p => p is { Fold: 1, PatientId: "a" } ? p with { IsTest = true } : p).ToArray();
        FluentActions.Invoking(() => CrossValidation.OutOfFold(twice)).Should().Throw<ArgumentException>().WithMessage("Patient 'a' is a test patient in folds 0 and 1*");
    }

    [Fact]
    public void APatientNeverTested_IsRefusedByName()
    {
        var never = TwoFolds().Select(p => p is { Fold: 0, PatientId: "d" } ? p with { IsTest = false } : p).ToArray();
        FluentActions.Invoking(() => CrossValidation.OutOfFold(never)).Should().Throw<ArgumentException>().WithMessage("Patient 'd' is a test patient in no fold*");
    }
}
