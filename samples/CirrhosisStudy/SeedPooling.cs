using MathNet.Numerics.Distributions;
using Wsp.Evaluation;

namespace Wsp.Samples.CirrhosisStudy;

/// <summary>
/// Statistics pooled over seeds. Each seed is its own cohort of patients, trained and evaluated on its own, so the
/// pooled figure is the mean over seeds: a method's AUC is the mean of its seeds' out-of-fold AUCs, with a 95 %
/// interval from a bootstrap that resamples each seed's patients (stratified by histology); the difference of two
/// methods is the mean of the seeds' differences, with DeLong's variances combined over the independent cohorts
/// (Var = Σ SE² / k²). Both describe patient sampling only: the spread between training runs shows in the seeds'
/// own figures, which the study lists too.
/// </summary>
public static class SeedPooling
{
    /// <summary>The mean AUC over seeds with its bootstrap interval.</summary>
    /// <param name="seeds">One method's predictions, one entry per seed.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="randomSeed">Seed of the resampling.</param>
    public static ConfidenceInterval MeanAuc(IReadOnlyList<SeedPredictions> seeds, int resamples = PatientBootstrap.DefaultResamples, int randomSeed = 1) =>
        Bootstrap(seeds, (labels, scores, _) => BinaryMetrics.RocAuc(labels, scores), resamples, randomSeed);

    /// <summary>The mean balanced accuracy over seeds with its bootstrap interval (the cut-offs are not re-chosen).</summary>
    /// <param name="seeds">One method's predictions, one entry per seed.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="randomSeed">Seed of the resampling.</param>
    public static ConfidenceInterval MeanBalancedAccuracy(IReadOnlyList<SeedPredictions> seeds, int resamples = PatientBootstrap.DefaultResamples, int randomSeed = 1) =>
        Bootstrap(seeds, (labels, _, decisions) => BinaryMetrics.BalancedAccuracy(labels, decisions), resamples, randomSeed);

    /// <summary>The mean over seeds of AUC(a) - AUC(b), each seed's difference from DeLong's test on its patients.</summary>
    /// <param name="pairs">Per seed, the two methods' predictions of the same patients.</param>
    /// <param name="level">Coverage of the interval.</param>
    /// <exception cref="ArgumentException">No pair, or a pair's predictions are of different patients.</exception>
    public static DeLongResult MeanDifference(IReadOnlyList<(SeedPredictions A, SeedPredictions B)> pairs, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
            throw new ArgumentException("No seed to pool.", nameof(pairs));
        var perSeed = pairs.Select(p => PerSeed(p.A, p.B, level)).ToArray();
        int k = perSeed.Length;
        double difference = perSeed.Average(r => r.Difference);
        double standardError = Math.Sqrt(perSeed.Sum(r => r.StandardError * r.StandardError)) / k;
        double z = Normal.InvCDF(0, 1, (1 + level) / 2);
        double statistic = standardError > 0 ? difference / standardError : difference == 0 ? 0 : Math.Sign(difference) * double.PositiveInfinity;
        double p = standardError > 0 ? 2 * (1 - Normal.CDF(0, 1, Math.Abs(statistic))) : difference == 0 ? 1 : 0;
        return new DeLongResult(perSeed.Average(r => r.AucA), perSeed.Average(r => r.AucB), difference, standardError,
            difference - z * standardError, difference + z * standardError, level, statistic, p);
    }

    /// <summary>DeLong's test of two methods on one seed's patients.</summary>
    /// <param name="a">The first method's predictions.</param>
    /// <param name="b">The second method's predictions of the same patients.</param>
    /// <param name="level">Coverage of the interval.</param>
    public static DeLongResult PerSeed(SeedPredictions a, SeedPredictions b, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Seed != b.Seed || !a.Patients.SequenceEqual(b.Patients) || !a.Labels.SequenceEqual(b.Labels))
            throw new ArgumentException($"Seed {a.Seed} and seed {b.Seed}: the two methods' predictions are not of the same patients.", nameof(b));
        return DeLong.Compare(a.Labels, a.Scores, b.Scores, level);
    }

    private static ConfidenceInterval Bootstrap(IReadOnlyList<SeedPredictions> seeds,
        Func<IReadOnlyList<int>, IReadOnlyList<double>, IReadOnlyList<int>, double> statistic, int resamples, int randomSeed)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0)
            throw new ArgumentException("No seed to pool.", nameof(seeds));
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        double estimate = seeds.Average(s => statistic(s.Labels, s.Scores, s.Decisions));
        var random = new Random(randomSeed);
        var strata = seeds.Select(s => (
            Positives: Enumerable.Range(0, s.Labels.Count).Where(i => s.Labels[i] == 1).ToArray(),
            Negatives: Enumerable.Range(0, s.Labels.Count).Where(i => s.Labels[i] == 0).ToArray())).ToArray();
        var values = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (int s = 0; s < seeds.Count; s++)
            {
                int[] drawn = [.. Draw(random, strata[s].Positives), .. Draw(random, strata[s].Negatives)];
                sum += statistic(drawn.Select(i => seeds[s].Labels[i]).ToArray(), drawn.Select(i => seeds[s].Scores[i]).ToArray(),
                    drawn.Select(i => seeds[s].Decisions[i]).ToArray());
            }
            values[r] = sum / seeds.Count;
        }
        Array.Sort(values);
        return new ConfidenceInterval(estimate, Quantile(values, 0.025), Quantile(values, 0.975), 0.95, resamples);
    }

    private static int[] Draw(Random random, int[] from)
    {
        var drawn = new int[from.Length];
        for (int i = 0; i < drawn.Length; i++)
            drawn[i] = from[random.Next(from.Length)];
        return drawn;
    }

    // Type 7, as the library's bootstrap.
    private static double Quantile(double[] sorted, double q)
    {
        double position = (sorted.Length - 1) * q;
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
