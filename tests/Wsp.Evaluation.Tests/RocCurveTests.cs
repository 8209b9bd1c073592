using Wsp.Evaluation;

namespace Wsp.Evaluation.Tests;

/// <summary>
/// Expected curves come from scikit-learn 1.2.1's <c>roc_curve</c> (drop_intermediate=True); it reports the
/// first threshold as max(score) + 1 where Wsp, like scikit-learn 1.3+, reports +infinity. Interpolated TPRs
/// come from numpy's <c>interp(grid, fpr, tpr)</c>.
/// </summary>
public sealed class RocCurveTests
{
    private static readonly double[] Grid = { 0, 0.1, 0.25, 0.5, 0.75, 1 };

    public static TheoryData<int[], double[], double[], double[], double[], double[]> SklearnCases() => new()
    {
        // Ties across classes at 0.4.
        {
            new[] { 0, 0, 1, 1, 0, 1, 1, 0, 1, 0 }, new[] { 0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.55, 0.6 },
            new[] { 0.0, 0.0, 0.0, 0.2, 0.2, 0.6, 0.6, 1.0 },
            new[] { 0.0, 0.2, 0.4, 0.4, 0.6, 0.8, 1.0, 1.0 },
            new[] { double.PositiveInfinity, 0.9, 0.8, 0.6, 0.55, 0.4, 0.35, 0.1 },
            new[] { 0.4, 0.4, 0.625, 0.75, 1.0, 1.0 }
        },
        // Perfect separation: the intermediate 0.2 point is dropped.
        {
            new[] { 0, 0, 1, 1 }, new[] { 0.1, 0.2, 0.8, 0.9 },
            new[] { 0.0, 0.0, 0.0, 1.0 },
            new[] { 0.0, 0.5, 1.0, 1.0 },
            new[] { double.PositiveInfinity, 0.9, 0.8, 0.1 },
            new[] { 1.0, 1.0, 1.0, 1.0, 1.0, 1.0 }
        },
        // Tie of two positives at 0.52 among negatives.
        {
            new[] { 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0 },
            new[] { 0.71, 0.32, 0.45, 0.52, 0.12, 0.66, 0.3, 0.9, 0.41, 0.38, 0.2, 0.52, 0.61, 0.05, 0.33 },
            new[] { 0.0, 0.0, 0.0, 0.1, 0.1, 0.2, 0.4, 0.4, 1.0 },
            new[] { 0.0, 0.2, 0.4, 0.4, 0.6, 0.8, 0.8, 1.0, 1.0 },
            new[] { double.PositiveInfinity, 0.9, 0.71, 0.66, 0.61, 0.52, 0.41, 0.38, 0.05 },
            new[] { 0.4, 0.6, 0.8, 1.0, 1.0, 1.0 }
        },
        // Every score tied with the other class: the chance diagonal.
        {
            new[] { 0, 1, 0, 1, 1, 0, 1, 0 }, new[] { 0.5, 0.5, 0.5, 0.5, 0.2, 0.2, 0.9, 0.9 },
            new[] { 0.0, 0.25, 0.75, 1.0 },
            new[] { 0.0, 0.25, 0.75, 1.0 },
            new[] { double.PositiveInfinity, 0.9, 0.5, 0.2 },
            new[] { 0.0, 0.1, 0.25, 0.5, 0.75, 1.0 }
        },
        // Equal vertical and horizontal steps are collinear: 0.8, 0.5 and 0.6 are dropped.
        {
            new[] { 1, 1, 1, 0, 0, 0, 1, 0 }, new[] { 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2 },
            new[] { 0.0, 0.0, 0.0, 0.75, 0.75, 1.0 },
            new[] { 0.0, 0.25, 0.75, 0.75, 1.0, 1.0 },
            new[] { double.PositiveInfinity, 0.9, 0.7, 0.4, 0.3, 0.2 },
            new[] { 0.75, 0.75, 0.75, 0.75, 1.0, 1.0 }
        },
    };

    [Theory]
    [MemberData(nameof(SklearnCases))]
    public void RocCurve_MatchesScikitLearn(int[] labels, double[] scores, double[] fpr, double[] tpr, double[] thresholds, double[] interpolated)
    {
        RocCurve curve = BinaryMetrics.RocCurve(labels, scores);
        curve.FalsePositiveRates.Should().Equal(fpr, (a, b) => Math.Abs(a - b) < 1e-12);
        curve.TruePositiveRates.Should().Equal(tpr, (a, b) => Math.Abs(a - b) < 1e-12);
        curve.Thresholds.Should().Equal(thresholds);
        curve.InterpolateTpr(Grid).Should().Equal(interpolated, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Theory]
    [MemberData(nameof(SklearnCases))]
    public void Area_EqualsRocAuc(int[] labels, double[] scores, double[] fpr, double[] tpr, double[] thresholds, double[] interpolated)
    {
        _ = (fpr, tpr, thresholds, interpolated);
        BinaryMetrics.RocCurve(labels, scores).Area().Should().BeApproximately(BinaryMetrics.RocAuc(labels, scores), 1e-12);
    }

    [Fact]
    public void Area_EqualsRocAucOnRandomScoresWithTies()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = random.Next(2, 40);
            int[] labels = Enumerable.Range(0, n).Select(i => i < 1 ? 0 : i < 2 ? 1 : random.Next(2)).ToArray();
            // Scores on a coarse grid, so that ties are frequent.
            double[] scores = Enumerable.Range(0, n).Select(_ => random.Next(6) / 5.0).ToArray();
            BinaryMetrics.RocCurve(labels, scores).Area().Should().BeApproximately(BinaryMetrics.RocAuc(labels, scores), 1e-12);
        }
    }

    [Fact]
    public void OneClass_IsRefused()
    {
        Action curve = () => BinaryMetrics.RocCurve(new[] { 0, 0, 0 }, new[] { 0.2, 0.5, 0.9 });
        curve.Should().Throw<ArgumentException>().WithMessage("*Both classes*all 3 labels are 0*");
    }

    [Fact]
    public void LengthMismatch_IsRefused()
    {
        Action curve = () => BinaryMetrics.RocCurve(new[] { 0, 1, 1 }, new[] { 0.2, 0.5 });
        curve.Should().Throw<ArgumentException>().WithMessage("3 labels but 2 scores*").And.ParamName.Should().Be("scores");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteScore_IsNamed(double bad)
    {
        Action curve = () => BinaryMetrics.RocCurve(new[] { 0, 1, 1 }, new[] { 0.2, bad, 0.7 });
        curve.Should().Throw<ArgumentException>().WithMessage("Score 1 is *; scores must be finite.*");
    }

    [Fact]
    public void InterpolateTpr_OutsideUnitInterval_IsRefused()
    {
        RocCurve curve = BinaryMetrics.RocCurve(new[] { 0, 1 }, new[] { 0.2, 0.7 });
        Action interpolate = () => curve.InterpolateTpr(new[] { 0.5, 1.5 });
        interpolate.Should().Throw<ArgumentException>().WithMessage("Grid value 1 is 1.5*");
    }

    [Fact]
    public void MeanTpr_AveragesFoldCurvesVertically()
    {
        RocCurve perfect = BinaryMetrics.RocCurve(new[] { 0, 0, 1, 1 }, new[] { 0.1, 0.2, 0.8, 0.9 });
        RocCurve chance = BinaryMetrics.RocCurve(new[] { 0, 1, 0, 1 }, new[] { 0.5, 0.5, 0.5, 0.5 });
        RocCurve.MeanTpr(new[] { perfect, chance }, new[] { 0.0, 0.5, 1.0 }).Should().Equal(0.5, 0.75, 1.0);
    }

    [Fact]
    public void MeanTpr_WithoutCurves_IsRefused()
    {
        Action mean = () => RocCurve.MeanTpr(Array.Empty<RocCurve>(), new[] { 0.5 });
        mean.Should().Throw<ArgumentException>().WithMessage("No curve*");
    }

    [Fact]
    public void Constructor_RefusesDecreasingRatesAndLengthMismatch()
    {
        Action decreasing = () => _ = new RocCurve(new[] { 0.0, 0.5, 0.4 }, new[] { 0.0, 1, 1 }, new[] { 3.0, 2, 1 });
        decreasing.Should().Throw<ArgumentException>().WithMessage("Rate 2 (0.4) is below rate 1 (0.5)*");
        Action mismatch = () => _ = new RocCurve(new[] { 0.0, 1 }, new[] { 0.0, 1 }, new[] { 1.0 });
        mismatch.Should().Throw<ArgumentException>().WithMessage("*each point needs all three*");
    }
}
