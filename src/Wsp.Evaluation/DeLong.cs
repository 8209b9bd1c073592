using MathNet.Numerics.Distributions;

namespace Wsp.Evaluation;

/// <summary>
/// DeLong, DeLong and Clarke-Pearson's (1988) nonparametric test of two correlated ROC AUCs measured on the same
/// patients, computed with Sun and Xu's (2014) midrank algorithm in O(n log n).
/// </summary>
/// <remarks>
/// <para>
/// For m positives X and n negatives Y, with ψ(x, y) = 1 when x &gt; y, 1/2 when x = y and 0 otherwise, each scorer's
/// AUC is the mean of ψ over all pairs, and its structural components are V10(Xᵢ) = mean over j of ψ(Xᵢ, Yⱼ) and
/// V01(Yⱼ) = mean over i of ψ(Xᵢ, Yⱼ). With S10 and S01 the 2 x 2 sample covariance matrices (divisor m - 1 and n - 1)
/// of the two scorers' components, Var(AUC_A - AUC_B) = (S10_AA + S10_BB - 2 S10_AB) / m + (S01_AA + S01_BB - 2 S01_AB) / n,
/// z = difference / √Var and the two-sided p-value is 2 (1 - Φ(|z|)) under the normal approximation.
/// The midranks give the components without the pairs: V10(Xᵢ) = (rank of Xᵢ among all - rank among X) / n and
/// V01(Yⱼ) = 1 - (rank of Yⱼ among all - rank among Y) / m.
/// </para>
/// <para>
/// A zero variance estimate (e.g. identical rankings, or two perfect classifiers) would give 0 / 0. It is defined
/// rather than returned as NaN: when the difference is also 0, z = 0, the p-value is 1 and the interval is [0, 0];
/// when the difference is not 0 (possible only in degenerate data, e.g. a perfect scorer against a constant one),
/// z = ±infinity, the p-value is 0 and the interval is the difference alone. Either way the asymptotics say
/// nothing useful, and a reader should look at the AUCs themselves.
/// </para>
/// </remarks>
public static class DeLong
{
    /// <summary>Tests AUC_A = AUC_B for two scorers of the same patients.</summary>
    /// <param name="labels">0 or 1 per patient; at least two of each class (the covariances need them).</param>
    /// <param name="scoresA">The first scorer's scores, higher meaning more likely positive.</param>
    /// <param name="scoresB">The second scorer's scores of the same patients, in the same order.</param>
    /// <param name="level">Coverage of the interval of the difference, in (0, 1).</param>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0/1, a score is not finite, or a class has fewer than two patients.</exception>
    public static DeLongResult Compare(IReadOnlyList<int> labels, IReadOnlyList<double> scoresA, IReadOnlyList<double> scoresB, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scoresA);
        ArgumentNullException.ThrowIfNull(scoresB);
        if (scoresA.Count != labels.Count || scoresB.Count != labels.Count)
            throw new ArgumentException($"{labels.Count} labels, {scoresA.Count} and {scoresB.Count} scores; both scorers must score every patient.", nameof(scoresB));
        if (!(level > 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), level, "The coverage lies strictly between 0 and 1.");
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] is not (0 or 1))
                throw new ArgumentException($"Label {i} is {labels[i]}; labels must be 0 or 1.", nameof(labels));
            if (!double.IsFinite(scoresA[i]) || !double.IsFinite(scoresB[i]))
                throw new ArgumentException($"Patient {i} has scores {scoresA[i]} and {scoresB[i]}; scores must be finite.", nameof(scoresA));
        }
        int[] positives = Enumerable.Range(0, labels.Count).Where(i => labels[i] == 1).ToArray();
        int[] negatives = Enumerable.Range(0, labels.Count).Where(i => labels[i] == 0).ToArray();
        if (positives.Length < 2 || negatives.Length < 2)
            throw new ArgumentException($"DeLong's test needs at least two patients of each class; there are {positives.Length} positive and {negatives.Length} negative.", nameof(labels));

        var (aucA, v10A, v01A) = Components(positives.Select(i => scoresA[i]).ToArray(), negatives.Select(i => scoresA[i]).ToArray());
        var (aucB, v10B, v01B) = Components(positives.Select(i => scoresB[i]).ToArray(), negatives.Select(i => scoresB[i]).ToArray());
        // Var(A - B) from the components of the difference: Var(a - b) = Var a + Var b - 2 Cov(a, b).
        double variance = SampleVariance(v10A, v10B) / positives.Length + SampleVariance(v01A, v01B) / negatives.Length;
        double difference = aucA - aucB;
        double critical = Normal.InvCDF(0, 1, (1 + level) / 2);
        if (!(variance > 0))
        {
            // Rounding can leave a tiny negative; identical rankings give exactly 0.
            return difference == 0
                ? new DeLongResult(aucA, aucB, 0, 0, 0, 0, level, 0, 1)
                : new DeLongResult(aucA, aucB, difference, 0, difference, difference, level,
                    difference > 0 ? double.PositiveInfinity : double.NegativeInfinity, 0);
        }
        double se = Math.Sqrt(variance);
        double z = difference / se;
        // 2 Φ(-|z|) rather than 2 (1 - Φ(|z|)), which loses the small p-values to cancellation.
        double p = Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z)));
        return new DeLongResult(aucA, aucB, difference, se, difference - critical * se, difference + critical * se, level, z, p);
    }

    // AUC and structural components of one scorer from midranks (Sun and Xu 2014).
    private static (double Auc, double[] V10, double[] V01) Components(double[] positive, double[] negative)
    {
        int m = positive.Length, n = negative.Length;
        double[] all = MidRanks([.. positive, .. negative]);
        double[] withinPositive = MidRanks(positive);
        double[] withinNegative = MidRanks(negative);
        var v10 = new double[m];
        var v01 = new double[n];
        double positiveRankSum = 0;
        for (int i = 0; i < m; i++)
        {
            // Negatives below Xᵢ, ties counted half: its rank among all less its rank among the positives.
            v10[i] = (all[i] - withinPositive[i]) / n;
            positiveRankSum += all[i];
        }
        for (int j = 0; j < n; j++)
            v01[j] = 1 - (all[m + j] - withinNegative[j]) / m;
        return ((positiveRankSum - m * (m + 1) / 2.0) / ((double)m * n), v10, v01);
    }

    // 1-based ranks with ties given the mean of the ranks they span.
    private static double[] MidRanks(double[] values)
    {
        int[] order = Enumerable.Range(0, values.Length).ToArray();
        Array.Sort(values.ToArray(), order);
        var ranks = new double[values.Length];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    // Sample variance (divisor count - 1) of a - b.
    private static double SampleVariance(double[] a, double[] b)
    {
        double mean = 0;
        for (int i = 0; i < a.Length; i++) mean += a[i] - b[i];
        mean /= a.Length;
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += (a[i] - b[i] - mean) * (a[i] - b[i] - mean);
        return sum / (a.Length - 1);
    }
}
