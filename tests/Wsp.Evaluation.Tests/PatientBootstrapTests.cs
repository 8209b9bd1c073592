using Wsp.Evaluation;

namespace Wsp.Evaluation.Tests;

public sealed class PatientBootstrapTests
{
    private static readonly int[] Labels = [1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1];
    private static readonly double[] Scores = [0.9, 0.3, 0.6, 0.4, 0.5, 0.1, 0.8, 0.7, 0.2, 0.35, 0.45, 0.55];

    [Fact]
    public void EveryResample_KeepsTheClassSizes_PositivesFirst()
    {
        var positivesSeen = new List<int>();
        PatientBootstrap.Stratified(Labels, 0, sample =>
        {
            sample.Should().HaveCount(12);
            sample.Take(6).Should().OnlyContain(i => Labels[i] == 1);
            sample.Skip(6).Should().OnlyContain(i => Labels[i] == 0);
            positivesSeen.AddRange(sample.Take(6));
            return 0;
        }, resamples: 200);

        // Drawn with replacement: all six positives occur, and some resample repeats one.
        positivesSeen.Distinct().Should().HaveCount(6);
        positivesSeen.Chunk(6).Should().Contain(c => c.Distinct().Count() < 6);
    }

    [Fact]
    public void Bounds_AreType7Percentiles()
    {
        // The r-th resample's statistic is r, so the sorted statistics are 0, 1, ..., R - 1 and the q quantile is (R - 1) q:
        // R = 2000, level 0.95: 1999 × 0.025 = 49.975 and 1999 × 0.975 = 1949.025; R = 101, level 0.9: 5 and 95.
        int r = 0;
        ConfidenceInterval wide = PatientBootstrap.Stratified(Labels, 7, _ => r++);
        r = 0;
        ConfidenceInterval narrow = PatientBootstrap.Stratified(Labels, 7, _ => r++, resamples: 101, level: 0.9);

        (wide.Estimate, wide.Level, wide.Resamples).Should().Be((7, 0.95, 2000));
        wide.Lower.Should().BeApproximately(49.975, 1e-9);
        wide.Upper.Should().BeApproximately(1949.025, 1e-9);
        narrow.Lower.Should().BeApproximately(5, 1e-12);
        narrow.Upper.Should().BeApproximately(95, 1e-12);
    }

    [Fact]
    public void Auc_IsSeeded_AndBracketsTheEstimate()
    {
        ConfidenceInterval first = PatientBootstrap.Auc(Labels, Scores, seed: 3);
        ConfidenceInterval again = PatientBootstrap.Auc(Labels, Scores, seed: 3);
        ConfidenceInterval other = PatientBootstrap.Auc(Labels, Scores, seed: 4);

        first.Should().Be(again);
        first.Estimate.Should().Be(BinaryMetrics.RocAuc(Labels, Scores));
        first.Lower.Should().BeLessThan(first.Estimate);
        first.Upper.Should().BeGreaterThan(first.Estimate);
        first.Upper.Should().BeLessThanOrEqualTo(1);
        first.Resamples.Should().Be(2000);
        (other.Lower, other.Upper).Should().NotBe((first.Lower, first.Upper));
    }

    [Fact]
    public void Auc_WidthAgreesWithDeLongsStandardError_OnManyPatients()
    {
        // Both estimate the same sampling variance; against a constant scorer (components all 1/2) DeLong's standard
        // error of the difference is the single AUC's. The percentile interval should span about ±1.96 of them.
        var random = new Random(11);
        int[] labels = Enumerable.Range(0, 300).Select(i => i % 2).ToArray();
        double[] scores = labels.Select(l => random.NextDouble() + 0.35 * l).ToArray();
        double se = DeLong.Compare(labels, scores, new double[300]).StandardError;

        ConfidenceInterval ci = PatientBootstrap.Auc(labels, scores, seed: 1);

        (ci.Upper - ci.Lower).Should().BeApproximately(2 * 1.959964 * se, 0.12 * 2 * 1.959964 * se);
        se.Should().BeInRange(0.01, 0.05);
    }

    [Fact]
    public void Auc_IntervalCoversAKnownAuc_AboutAsOftenAsItsLevelSays()
    {
        // Binormal scores, negatives N(0, 1) and positives N(1, 1): the population AUC is Phi(1 / sqrt 2) = 0.76025.
        // 300 simulated cohorts of 40 + 40 patients, one 95 % interval each (500 resamples, seeded per cohort). The
        // percentile bootstrap is known to cover a little less than its level at this size; a broken interval (too
        // narrow, off-centre, or not resampling the patients) covers far less, a degenerate one never misses.
        const double TrueAuc = 0.760250;
        var random = new Random(2024);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        int[] labels = Enumerable.Range(0, 80).Select(i => i < 40 ? 1 : 0).ToArray();
        int covered = 0, below = 0;
        const int Cohorts = 300;
        for (int cohort = 0; cohort < Cohorts; cohort++)
        {
            double[] scores = labels.Select(l => Normal() + l).ToArray();
            ConfidenceInterval ci = PatientBootstrap.Auc(labels, scores, seed: cohort, resamples: 500);
            if (ci.Lower <= TrueAuc && TrueAuc <= ci.Upper) covered++;
            else if (ci.Upper < TrueAuc) below++;
        }

        double coverage = covered / (double)Cohorts;
        coverage.Should().BeInRange(0.89, 0.99, "a 95 % interval should cover the true AUC in about 95 % of cohorts");
        // Misses fall on both sides: the interval is not shifted.
        below.Should().BeInRange(1, Cohorts - covered - 1);
    }

    [Fact]
    public void PerfectClassifier_HasADegenerateInterval()
    {
        int[] labels = [1, 1, 1, 0, 0, 0];
        ConfidenceInterval ci = PatientBootstrap.Auc(labels, [0.9, 0.8, 0.7, 0.3, 0.2, 0.1]);
        ci.Should().Be(new ConfidenceInterval(1, 1, 1, 0.95, 2000));
    }

    [Fact]
    public void BalancedAccuracy_ResamplesTheDecisions()
    {
        // Decisions: positives 1, 1, 0, 1 (sensitivity 3/4); negatives 0, 0, 1, 0 (specificity 3/4): BA = 3/4.
        int[] labels = [1, 1, 1, 1, 0, 0, 0, 0];
        int[] decisions = [1, 1, 0, 1, 0, 0, 1, 0];

        ConfidenceInterval ci = PatientBootstrap.BalancedAccuracy(labels, decisions, resamples: 500, seed: 2);
        ConfidenceInterval right = PatientBootstrap.BalancedAccuracy(labels, labels, resamples: 500, seed: 2);

        ci.Estimate.Should().Be(0.75);
        ci.Lower.Should().BeLessThan(0.75);
        ci.Upper.Should().Be(1, "a resample may draw no wrong decision of either class");
        right.Should().Be(new ConfidenceInterval(1, 1, 1, 0.95, 500));
    }

    [Fact]
    public void SameSeed_DrawsTheSamePatients_ForAnyStatistic()
    {
        var first = new List<int[]>();
        var second = new List<int[]>();
        PatientBootstrap.Stratified(Labels, 0, s => { first.Add(s.ToArray()); return 0; }, resamples: 20, seed: 9);
        PatientBootstrap.Stratified(Labels, 0, s => { second.Add(s.ToArray()); return 1; }, resamples: 20, seed: 9);

        second.Should().BeEquivalentTo(first, o => o.WithStrictOrdering());
    }

    [Fact]
    public void BadSettings_AreRefused()
    {
        FluentActions.Invoking(() => PatientBootstrap.Auc(Labels, Scores, resamples: 1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => PatientBootstrap.Auc(Labels, Scores, level: 0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => PatientBootstrap.Auc([1, 1], [0.2, 0.3])).Should().Throw<ArgumentException>().WithMessage("*Both classes*");
        FluentActions.Invoking(() => PatientBootstrap.Stratified(Labels, 0, _ => double.NaN)).Should().Throw<ArgumentException>().WithMessage("*resample 0 is NaN*");
    }

    [Fact]
    public void Format_ShowsEstimateAndBounds()
    {
        new ConfidenceInterval(0.8123, 0.70149, 0.9051, 0.95, 2000).Format().Should().Be("0.812 [0.701, 0.905]");
        new ConfidenceInterval(0.8123, 0.70149, 0.9051, 0.95, 2000).Format(1).Should().Be("0.8 [0.7, 0.9]");
    }
}
