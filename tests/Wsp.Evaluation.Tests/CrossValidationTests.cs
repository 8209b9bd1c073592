using Wsp.Evaluation;

namespace Wsp.Evaluation.Tests;

public sealed class CrossValidationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-cv-").FullName;

    private static PatientPrediction P(string id, int label, double probability, bool test) => new(0, id, label, probability, test);

    [Fact]
    public void EvaluateFold_ChoosesTheCutOffOnTrainingPatients()
    {
        var predictions = new[]
        {
            // Training: the Youden cut-off is 0.6 (all positives at or above it, no negative).
            P("t1", 0, 0.2, false), P("t2", 0, 0.5, false), P("t3", 1, 0.6, false), P("t4", 1, 0.9, false),
            // Test: AUC 0.75; at 0.6 one positive of two and both negatives are right.
            P("s1", 0, 0.1, true), P("s2", 0, 0.55, true), P("s3", 1, 0.5, true), P("s4", 1, 0.7, true),
        };

        FoldMetrics metrics = CrossValidation.EvaluateFold(0, predictions);

        metrics.Threshold.Should().Be(0.6);
        metrics.Auc.Should().Be(0.75);
        metrics.BalancedAccuracy.Should().Be(0.75);
    }

    [Fact]
    public void Summarize_GivesMeanAndPopulationStd()
    {
        var summary = CrossValidation.Summarize(new[] { new FoldMetrics(0, 0.8, 0.7, 0.5), new FoldMetrics(1, 0.6, 0.5, 0.5) });
        summary.AucMean.Should().BeApproximately(0.7, 1e-15);
        summary.AucStd.Should().BeApproximately(0.1, 1e-15);
        summary.BalancedAccuracyMean.Should().BeApproximately(0.6, 1e-15);
    }

    [Fact]
    public void FoldWithOneClass_IsNamed()
    {
        var predictions = new[] { P("a", 0, 0.2, false), P("b", 1, 0.8, false), P("c", 1, 0.5, true), P("d", 1, 0.7, true) };
        Action evaluate = () => CrossValidation.EvaluateFold(3, predictions);
        evaluate.Should().Throw<ArgumentException>().WithMessage("*Fold 3's test patients are all of class 1*");
    }

    [Fact]
    public void EmptyTestSet_IsNamed()
    {
        var predictions = new[] { P("a", 0, 0.2, false), P("b", 1, 0.8, false) };
        Action evaluate = () => CrossValidation.EvaluateFold(2, predictions);
        evaluate.Should().Throw<ArgumentException>().WithMessage("*Fold 2 has no test patient*");
    }

    [Fact]
    public void WritePredictions_WritesCsv()
    {
        string path = Path.Combine(_folder, "predictions.csv");
        CrossValidation.WritePredictions(path, new[] { new PatientPrediction(1, "lihc,1", 1, 0.25, true) });
        File.ReadAllText(path).Should().Be("fold,patient,label,probability,split\n1,\"lihc,1\",1,0.25,test\n");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
