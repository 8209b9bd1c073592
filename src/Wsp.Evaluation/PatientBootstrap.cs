namespace Wsp.Evaluation;

/// <summary>
/// Confidence intervals from a stratified bootstrap over patients. Each resample draws, with replacement and
/// seeded, as many positives from the positives and as many negatives from the negatives as were observed, so every
/// resample keeps the class sizes and AUC and balanced accuracy are always defined. The interval is the percentile
/// interval: the (1 - level) / 2 and (1 + level) / 2 quantiles of the resampled statistics, interpolated linearly
/// between order statistics (numpy's default <c>percentile</c>, Hyndman and Fan's type 7). The estimate is the
/// statistic on the observed patients.
/// </summary>
/// <remarks>
/// The interval reflects which patients happened to be in the cohort, given their predictions; it does not
/// reflect retraining the encoder or the probe, nor re-choosing a cut-off (decisions are resampled as they were made).
/// The same seed and class sizes draw the same patients, so intervals of several statistics or methods on the same
/// patients come from the same resamples.
/// </remarks>
public static class PatientBootstrap
{
    /// <summary>Resamples unless told otherwise (2,000).</summary>
    public const int DefaultResamples = 2000;

    /// <summary>ROC AUC (<see cref="BinaryMetrics.RocAuc"/>) with its stratified bootstrap interval.</summary>
    /// <param name="labels">0 or 1 per patient; both classes must occur.</param>
    /// <param name="scores">Higher means more likely positive.</param>
    /// <param name="resamples">Bootstrap resamples, at least 2.</param>
    /// <param name="level">Coverage in (0, 1).</param>
    /// <param name="seed">Seed of the resampling.</param>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0/1, a score is not finite, or a class is absent.</exception>
    public static ConfidenceInterval Auc(IReadOnlyList<int> labels, IReadOnlyList<double> scores,
        int resamples = DefaultResamples, double level = 0.95, int seed = 0)
    {
        double estimate = BinaryMetrics.RocAuc(labels, scores);
        var l = new int[labels.Count];
        var s = new double[labels.Count];
        return Stratified(labels, estimate, sample =>
        {
            for (int i = 0; i < sample.Length; i++) (l[i], s[i]) = (labels[sample[i]], scores[sample[i]]);
            return BinaryMetrics.RocAuc(l, s);
        }, resamples, level, seed);
    }

    /// <summary>Balanced accuracy (<see cref="BinaryMetrics.BalancedAccuracy"/>) of fixed decisions with its stratified bootstrap interval.</summary>
    /// <param name="labels">0 or 1 per patient; both classes must occur.</param>
    /// <param name="decisions">0 or 1 per patient, e.g. <see cref="OutOfFoldPrediction.Decision"/>.</param>
    /// <param name="resamples">Bootstrap resamples, at least 2.</param>
    /// <param name="level">Coverage in (0, 1).</param>
    /// <param name="seed">Seed of the resampling.</param>
    /// <exception cref="ArgumentException">Lengths differ, a label or decision is not 0/1, or a class is absent.</exception>
    public static ConfidenceInterval BalancedAccuracy(IReadOnlyList<int> labels, IReadOnlyList<int> decisions,
        int resamples = DefaultResamples, double level = 0.95, int seed = 0)
    {
        double estimate = BinaryMetrics.BalancedAccuracy(labels, decisions);
        var l = new int[labels.Count];
        var d = new int[labels.Count];
        return Stratified(labels, estimate, sample =>
        {
            for (int i = 0; i < sample.Length; i++) (l[i], d[i]) = (labels[sample[i]], decisions[sample[i]]);
            return BinaryMetrics.BalancedAccuracy(l, d);
        }, resamples, level, seed);
    }

    /// <summary>
    /// Any statistic with its stratified bootstrap interval. <paramref name="statistic"/> receives the resample as
    /// indices into <paramref name="labels"/> (positives first, then negatives; a patient may occur more than once).
    /// </summary>
    /// <param name="labels">0 or 1 per patient; both classes must occur.</param>
    /// <param name="estimate">The statistic on the observed patients.</param>
    /// <param name="statistic">The statistic of one resample; the index array is reused for the next resample, so copy it to keep it.</param>
    /// <param name="resamples">Bootstrap resamples, at least 2.</param>
    /// <param name="level">Coverage in (0, 1).</param>
    /// <param name="seed">Seed of the resampling.</param>
    /// <exception cref="ArgumentException">A label is not 0/1, a class is absent, or the statistic is not finite.</exception>
    public static ConfidenceInterval Stratified(IReadOnlyList<int> labels, double estimate, Func<int[], double> statistic,
        int resamples = DefaultResamples, double level = 0.95, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, "The coverage lies strictly between 0 and 1.");
        int[] positives = Enumerable.Range(0, labels.Count).Where(i => labels[i] == 1).ToArray();
        int[] negatives = Enumerable.Range(0, labels.Count).Where(i => labels[i] == 0).ToArray();
        if (positives.Length + negatives.Length != labels.Count)
            throw new ArgumentException("Labels must be 0 or 1.", nameof(labels));
        if (positives.Length == 0 || negatives.Length == 0)
            throw new ArgumentException($"Both classes are needed, but all {labels.Count} labels are {(positives.Length == 0 ? 0 : 1)}.", nameof(labels));

        var random = new Random(seed);
        var sample = new int[labels.Count];
        var values = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < positives.Length; i++) sample[i] = positives[random.Next(positives.Length)];
            for (int i = 0; i < negatives.Length; i++) sample[positives.Length + i] = negatives[random.Next(negatives.Length)];
            values[r] = statistic(sample);
            if (!double.IsFinite(values[r]))
                throw new ArgumentException($"The statistic of resample {r} is {values[r]}; it must be finite.", nameof(statistic));
        }
        Array.Sort(values);
        return new ConfidenceInterval(estimate, Quantile(values, (1 - level) / 2), Quantile(values, (1 + level) / 2), level, resamples);
    }

    // Type 7: position (n - 1) q in the sorted values, linear between its neighbours.
    internal static double Quantile(double[] sorted, double q)
    {
        double position = (sorted.Length - 1) * q;
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
