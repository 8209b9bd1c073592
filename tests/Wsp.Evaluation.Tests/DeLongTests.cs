using MathNet.Numerics.Distributions;
using Wsp.Evaluation;

namespace Wsp.Evaluation.Tests;

/// <summary>
/// DeLong's test against hand-computed cases and against the O(n²) definition of the structural components.
/// Cross-checked with numpy 1.24 / scipy 1.10 / scikit-learn 1.2.1 (a brute-force psi matrix, np.cov, norm.cdf, roc_auc_score).
/// </summary>
public sealed class DeLongTests
{
    [Fact]
    public void SmallCase_MatchesTheHandComputation()
    {
        // Positives first. A: X = {0.8, 0.6}, Y = {0.7, 0.2}; B: X = {0.9, 0.3}, Y = {0.3, 0.1} (0.3 tied across classes).
        // psi_A = [[1, 1], [0, 1]]: AUC_A = 3/4, V10_A = [1, 1/2], V01_A = [1/2, 1].
        // psi_B = [[1, 1], [1/2, 1]]: AUC_B = 7/8, V10_B = [1, 3/4], V01_B = [3/4, 1].
        // V10_A - V10_B = [0, -1/4], sample variance 1/32; V01_A - V01_B = [-1/4, 0], sample variance 1/32.
        // Var = (1/32) / 2 + (1/32) / 2 = 1/32, SE = 0.1767767; z = -0.125 / SE = -1/√2; p = erfc(1/2) = 0.4795001.
        int[] labels = [1, 1, 0, 0];
        DeLongResult r = DeLong.Compare(labels, [0.8, 0.6, 0.7, 0.2], [0.9, 0.3, 0.3, 0.1]);

        r.AucA.Should().Be(0.75);
        r.AucB.Should().Be(0.875);
        r.Difference.Should().Be(-0.125);
        r.StandardError.Should().BeApproximately(Math.Sqrt(1.0 / 32), 1e-15);
        r.Z.Should().BeApproximately(-1 / Math.Sqrt(2), 1e-14);
        r.PValue.Should().BeApproximately(0.4795001221869535, 1e-12);
        // -0.125 ± 1.959964 × 0.1767767 (scipy: -0.47147596, 0.22147596).
        r.Lower.Should().BeApproximately(-0.4714759560874195, 1e-9);
        r.Upper.Should().BeApproximately(0.2214759560874195, 1e-9);
        r.Level.Should().Be(0.95);
    }

    [Fact]
    public void ManyTies_MatchScipy()
    {
        // Ties within and across classes in both scorers; numbers from the numpy brute force quoted in the class summary.
        int[] labels = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
        double[] a = [0.9, 0.8, 0.8, 0.55, 0.4, 0.3, 0.8, 0.5, 0.45, 0.3, 0.2, 0.1, 0.1];
        double[] b = [0.7, 0.9, 0.6, 0.6, 0.2, 0.35, 0.6, 0.65, 0.1, 0.3, 0.25, 0.05, 0.5];

        DeLongResult r = DeLong.Compare(labels, a, b);

        r.AucA.Should().BeApproximately(0.7976190476190477, 1e-14);
        r.AucB.Should().BeApproximately(0.7380952380952381, 1e-14);
        r.StandardError.Should().BeApproximately(0.10971343143406387, 1e-12);
        r.Z.Should().BeApproximately(0.5425389466519644, 1e-11);
        r.PValue.Should().BeApproximately(0.5874472850445525, 1e-11);
        r.Lower.Should().BeApproximately(-0.1555105647072603, 1e-9);
        r.Upper.Should().BeApproximately(0.2745581837548794, 1e-9);
    }

    [Theory]
    [InlineData(1, 30, 25, 10)]
    [InlineData(2, 12, 40, 3)]
    [InlineData(3, 50, 50, 1000)]
    public void RandomScores_MatchTheBruteForceComponents(int seed, int positives, int negatives, int levels)
    {
        // Scores on a grid of `levels` values, so that few levels force many ties; B is correlated with A.
        var random = new Random(seed);
        int[] labels = Enumerable.Repeat(1, positives).Concat(Enumerable.Repeat(0, negatives)).ToArray();
        double[] a = labels.Select(l => Math.Round((random.NextDouble() + 0.4 * l) * levels) / levels).ToArray();
        double[] b = a.Select((s, i) => Math.Round((0.6 * s + 0.5 * random.NextDouble() + 0.2 * labels[i]) * levels) / levels).ToArray();

        var (aucA, v10A, v01A) = BruteForce(labels, a);
        var (aucB, v10B, v01B) = BruteForce(labels, b);
        double s10 = Cov(v10A, v10A) + Cov(v10B, v10B) - 2 * Cov(v10A, v10B);
        double s01 = Cov(v01A, v01A) + Cov(v01B, v01B) - 2 * Cov(v01A, v01B);
        double se = Math.Sqrt(s10 / positives + s01 / negatives);
        double z = (aucA - aucB) / se;

        DeLongResult r = DeLong.Compare(labels, a, b);

        r.AucA.Should().BeApproximately(aucA, 1e-12);
        r.AucA.Should().BeApproximately(BinaryMetrics.RocAuc(labels, a), 1e-12);
        r.AucB.Should().BeApproximately(aucB, 1e-12);
        r.StandardError.Should().BeApproximately(se, 1e-12);
        r.Z.Should().BeApproximately(z, 1e-9);
        r.PValue.Should().BeApproximately(2 * (1 - Normal.CDF(0, 1, Math.Abs(z))), 1e-9);
    }

    [Fact]
    public void PatientOrder_DoesNotMatter()
    {
        int[] labels = [1, 0, 1, 0, 0, 1, 1, 0];
        double[] a = [0.9, 0.2, 0.4, 0.5, 0.1, 0.7, 0.3, 0.35];
        double[] b = [0.6, 0.3, 0.5, 0.2, 0.2, 0.8, 0.4, 0.5];
        int[] order = [7, 2, 5, 0, 3, 6, 1, 4];

        DeLongResult r = DeLong.Compare(labels, a, b);
        DeLongResult shuffled = DeLong.Compare(order.Select(i => labels[i]).ToArray(), order.Select(i => a[i]).ToArray(), order.Select(i => b[i]).ToArray());

        shuffled.Difference.Should().BeApproximately(r.Difference, 1e-15);
        shuffled.StandardError.Should().BeApproximately(r.StandardError, 1e-15);
        shuffled.PValue.Should().BeApproximately(r.PValue, 1e-13);
        r.StandardError.Should().BeGreaterThan(0);
    }

    [Fact]
    public void SwappingTheScorers_NegatesTheDifference_AndKeepsThePValue()
    {
        int[] labels = [1, 1, 1, 0, 0, 0];
        double[] a = [0.9, 0.6, 0.4, 0.5, 0.3, 0.1];
        double[] b = [0.5, 0.55, 0.2, 0.6, 0.3, 0.25];

        DeLongResult ab = DeLong.Compare(labels, a, b);
        DeLongResult ba = DeLong.Compare(labels, b, a);

        ba.Difference.Should().Be(-ab.Difference);
        ba.PValue.Should().BeApproximately(ab.PValue, 1e-15);
        ba.Lower.Should().BeApproximately(-ab.Upper, 1e-15);
        ab.Difference.Should().NotBe(0);
    }

    [Fact]
    public void IdenticalRankings_GivePValueOne_AndNoNaN()
    {
        // B = 2A + 1 ranks the patients exactly as A: every component is equal, the variance is exactly 0.
        int[] labels = [1, 1, 1, 0, 0, 0];
        double[] a = [0.9, 0.6, 0.4, 0.5, 0.3, 0.1];

        DeLongResult r = DeLong.Compare(labels, a, a.Select(s => 2 * s + 1).ToArray());

        r.Should().Be(new DeLongResult(r.AucA, r.AucA, 0, 0, 0, 0, 0.95, 0, 1));
        r.AucA.Should().BeApproximately(8.0 / 9, 1e-15);
    }

    [Fact]
    public void TwoPerfectClassifiers_GivePValueOne()
    {
        // Every psi is 1, so every component is 1 and both AUCs are 1 with zero variance.
        int[] labels = [1, 1, 0, 0, 0];
        DeLongResult r = DeLong.Compare(labels, [0.9, 0.8, 0.1, 0.2, 0.3], [5, 4, 1, 2, 3]);

        r.Should().Be(new DeLongResult(1, 1, 0, 0, 0, 0, 0.95, 0, 1));
    }

    [Fact]
    public void PerfectAgainstConstant_GivesPValueZero_AndInfiniteZ()
    {
        // A: V10 = V01 = 1; constant B: every psi is 1/2, so V10 = V01 = 1/2. Both vary not at all: Var = 0, difference 1/2.
        int[] labels = [1, 1, 0, 0];
        DeLongResult r = DeLong.Compare(labels, [0.9, 0.8, 0.1, 0.2], [0.5, 0.5, 0.5, 0.5]);

        r.Should().Be(new DeLongResult(1, 0.5, 0.5, 0, 0.5, 0.5, 0.95, double.PositiveInfinity, 0));
    }

    [Fact]
    public void PerfectAgainstImperfect_HasTheImperfectVariance()
    {
        // A is perfect (components all 1), so Var(A - B) = Var(B): B = {0.9, 0.3 | 0.3, 0.1} gives V10_B = [1, 3/4],
        // V01_B = [3/4, 1], each with sample variance 1/32, so Var = 1/64 + 1/64 = 1/32 and the difference is 1/8.
        int[] labels = [1, 1, 0, 0];
        DeLongResult r = DeLong.Compare(labels, [0.9, 0.8, 0.1, 0.2], [0.9, 0.3, 0.3, 0.1]);

        r.Difference.Should().Be(0.125);
        r.StandardError.Should().BeApproximately(Math.Sqrt(1.0 / 32), 1e-15);
        r.PValue.Should().BeApproximately(0.4795001221869535, 1e-12);
    }

    [Fact]
    public void Level_WidensTheInterval()
    {
        int[] labels = [1, 1, 0, 0];
        DeLongResult r95 = DeLong.Compare(labels, [0.8, 0.6, 0.7, 0.2], [0.9, 0.3, 0.3, 0.1]);
        DeLongResult r99 = DeLong.Compare(labels, [0.8, 0.6, 0.7, 0.2], [0.9, 0.3, 0.3, 0.1], level: 0.99);

        // z_0.995 = 2.5758293; -0.125 - 2.5758293 × 0.1767767 = -0.5803466 (scipy).
        r99.Lower.Should().BeApproximately(-0.5803466, 1e-6);
        r99.Lower.Should().BeLessThan(r95.Lower);
        r99.PValue.Should().Be(r95.PValue);
    }

    [Fact]
    public void TooFewPatientsOfAClass_AreRefused()
    {
        Action one = () => DeLong.Compare([1, 0, 0], [0.9, 0.1, 0.2], [0.8, 0.1, 0.3]);
        one.Should().Throw<ArgumentException>().WithMessage("*at least two patients of each class*1 positive and 2 negative*");
    }

    [Fact]
    public void BadInput_IsRefused()
    {
        FluentActions.Invoking(() => DeLong.Compare([1, 1, 0, 0], [0.9, 0.8, 0.1], [0.9, 0.8, 0.1, 0.2])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => DeLong.Compare([1, 2, 0, 0], [0.9, 0.8, 0.1, 0.2], [0.9, 0.8, 0.1, 0.2])).Should().Throw<ArgumentException>().WithMessage("*Label 1 is 2*");
        FluentActions.Invoking(() => DeLong.Compare([1, 1, 0, 0], [0.9, double.NaN, 0.1, 0.2], [0.9, 0.8, 0.1, 0.2])).Should().Throw<ArgumentException>().WithMessage("*finite*");
        FluentActions.Invoking(() => DeLong.Compare([1, 1, 0, 0], [0.9, 0.8, 0.1, 0.2], [0.9, 0.8, 0.1, 0.2], level: 1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    // The definition: psi over all positive-negative pairs.
    private static (double Auc, double[] V10, double[] V01) BruteForce(int[] labels, double[] scores)
    {
        double[] x = scores.Where((_, i) => labels[i] == 1).ToArray();
        double[] y = scores.Where((_, i) => labels[i] == 0).ToArray();
        static double Psi(double p, double n) => p > n ? 1 : p == n ? 0.5 : 0;
        double[] v10 = x.Select(p => y.Average(n => Psi(p, n))).ToArray();
        double[] v01 = y.Select(n => x.Average(p => Psi(p, n))).ToArray();
        return (v10.Average(), v10, v01);
    }

    private static double Cov(double[] u, double[] v)
    {
        double mu = u.Average(), mv = v.Average();
        return u.Zip(v, (a, b) => (a - mu) * (b - mv)).Sum() / (u.Length - 1);
    }
}
