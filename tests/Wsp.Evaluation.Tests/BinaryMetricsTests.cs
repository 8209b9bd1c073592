using Wsp.Evaluation;

namespace Wsp.Evaluation.Tests;

/// <summary>Expected values computed with scikit-learn 1.2.1 (roc_auc_score, roc_curve + argmax of TPR - FPR, balanced_accuracy_score).</summary>
public sealed class BinaryMetricsTests
{
    public static TheoryData<int[], double[], double, double, double> SklearnCases() => new()
    {
        { new[] { 0, 0, 1, 1, 0, 1, 1, 0, 1, 0 }, new[] { 0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.55, 0.6 }, 0.76, 0.8, 0.7 },
        { new[] { 0, 0, 1, 1 }, new[] { 0.1, 0.2, 0.8, 0.9 }, 1.0, 0.8, 1.0 },
        {
            new[] { 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0 },
            new[] { 0.71, 0.32, 0.45, 0.52, 0.12, 0.66, 0.3, 0.9, 0.41, 0.38, 0.2, 0.52, 0.61, 0.05, 0.33 },
            0.87, 0.52, 0.8
        },
    };

    [Theory]
    [MemberData(nameof(SklearnCases))]
    public void Metrics_MatchScikitLearn(int[] labels, double[] scores, double auc, double threshold, double balancedAccuracy)
    {
        BinaryMetrics.RocAuc(labels, scores).Should().BeApproximately(auc, 1e-12);
        double cut = BinaryMetrics.YoudenThreshold(labels, scores);
        cut.Should().Be(threshold);
        BinaryMetrics.BalancedAccuracy(labels, BinaryMetrics.Predict(scores, cut)).Should().BeApproximately(balancedAccuracy, 1e-12);
    }

    [Fact]
    public void ReversedScores_GiveAucZeroAndPredictNoPositive()
    {
        int[] labels = { 1, 1, 0, 0 };
        double[] scores = { 0.1, 0.2, 0.8, 0.9 };
        BinaryMetrics.RocAuc(labels, scores).Should().Be(0);
        double cut = BinaryMetrics.YoudenThreshold(labels, scores);
        cut.Should().Be(double.PositiveInfinity);
        BinaryMetrics.BalancedAccuracy(labels, BinaryMetrics.Predict(scores, cut)).Should().Be(0.5);
    }

    [Fact]
    public void BalancedAccuracy_MatchesScikitLearn() =>
        BinaryMetrics.BalancedAccuracy(new[] { 0, 0, 0, 1, 1 }, new[] { 0, 1, 0, 1, 0 }).Should().BeApproximately(0.5833333333333333, 1e-15);

    [Fact]
    public void OneClass_IsRefused()
    {
        Action auc = () => BinaryMetrics.RocAuc(new[] { 1, 1, 1 }, new[] { 0.2, 0.5, 0.9 });
        auc.Should().Throw<ArgumentException>().WithMessage("*Both classes*all 3 labels are 1*");
    }

    [Fact]
    public void LabelOutsideZeroOne_IsNamed()
    {
        Action auc = () => BinaryMetrics.RocAuc(new[] { 0, 2 }, new[] { 0.2, 0.5 });
        auc.Should().Throw<ArgumentException>().WithMessage("*Label 1 is 2*");
    }

    [Fact]
    public void PatientProbabilities_AreSliceMeansInFirstAppearanceOrder()
    {
        var patients = PatientAggregation.MeanProbabilities(new[] { "b", "a", "b", "a", "b" }, new[] { 0.2, 0.9, 0.4, 0.7, 0.6 });
        patients.Select(p => p.PatientId).Should().Equal("b", "a");
        patients[0].Probability.Should().BeApproximately(0.4, 1e-15);
        patients[1].Probability.Should().BeApproximately(0.8, 1e-15);
        patients[0].Slices.Should().Be(3);
    }
}
