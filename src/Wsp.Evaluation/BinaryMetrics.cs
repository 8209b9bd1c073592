namespace Wsp.Evaluation;

/// <summary>
/// Patient-level metrics of a binary classifier, defined as scikit-learn defines them: ROC AUC with tied
/// scores counted half (<c>roc_auc_score</c>), the Youden cut-off on a ROC curve (<c>roc_curve</c>
/// thresholds: predict positive when score &gt;= threshold), and balanced accuracy (<c>balanced_accuracy_score</c>).
/// </summary>
public static class BinaryMetrics
{
    /// <summary>Area under the ROC curve.</summary>
    /// <param name="labels">0 or 1 per sample.</param>
    /// <param name="scores">Higher means more likely positive.</param>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0/1, a score is not finite, or only one class is present.</exception>
    public static double RocAuc(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        (int positives, int negatives) = Check(labels, scores);
        // Mann-Whitney: AUC = (sum of positive ranks - P (P + 1) / 2) / (P N), with average ranks for ties,
        // which equals the trapezoidal area of scikit-learn's ROC curve.
        int[] order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            double averageRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++)
                if (labels[order[k]] == 1) positiveRankSum += averageRank;
            start = end + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// The ROC curve as scikit-learn's <c>roc_curve(labels, scores)</c> computes it: one point per distinct score
    /// (tied scores move the curve diagonally in one step), then points whose false- and true-positive counts both
    /// change by the same amount as at the step before are dropped (<c>drop_intermediate=True</c>), then the
    /// origin is prepended with threshold +infinity. Its trapezoidal area equals <see cref="RocAuc"/>.
    /// </summary>
    /// <param name="labels">0 or 1 per sample.</param>
    /// <param name="scores">Higher means more likely positive.</param>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0/1, a score is not finite, or only one class is present.</exception>
    public static RocCurve RocCurve(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        (int positives, int negatives) = Check(labels, scores);
        int[] order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        // Cumulative counts at the last sample of each run of equal scores.
        var truePositives = new List<int>();
        var falsePositives = new List<int>();
        var thresholds = new List<double>();
        int tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (labels[order[k]] == 1) tp++; else fp++;
            if (k + 1 < order.Length && scores[order[k + 1]] == scores[order[k]]) continue;
            truePositives.Add(tp);
            falsePositives.Add(fp);
            thresholds.Add(scores[order[k]]);
        }
        // scikit-learn keeps the ends and every point where a second difference of either count is non-zero;
        // the others lie midway on a straight segment and add nothing to the plot or the area.
        var kept = Enumerable.Range(0, thresholds.Count).Where(i => i == 0 || i == thresholds.Count - 1
            || falsePositives[i + 1] - 2 * falsePositives[i] + falsePositives[i - 1] != 0
            || truePositives[i + 1] - 2 * truePositives[i] + truePositives[i - 1] != 0).ToArray();
        double[] fpr = kept.Select(i => (double)falsePositives[i] / negatives).Prepend(0).ToArray();
        double[] tpr = kept.Select(i => (double)truePositives[i] / positives).Prepend(0).ToArray();
        double[] cutoffs = kept.Select(i => thresholds[i]).Prepend(double.PositiveInfinity).ToArray();
        return new RocCurve(fpr, tpr, cutoffs);
    }

    /// <summary>
    /// The threshold maximising Youden's J = TPR - FPR; among equal J, the highest threshold (scikit-learn's
    /// first). When no threshold beats J = 0, +infinity (predict no positive), where scikit-learn 1.2 reports max + 1.
    /// </summary>
    /// <param name="labels">0 or 1 per sample.</param>
    /// <param name="scores">Higher means more likely positive.</param>
    public static double YoudenThreshold(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        (int positives, int negatives) = Check(labels, scores);
        double bestThreshold = double.PositiveInfinity, bestJ = 0; // the ROC curve's origin
        foreach (double threshold in scores.Distinct().OrderByDescending(s => s))
        {
            int truePositives = 0, falsePositives = 0;
            for (int i = 0; i < scores.Count; i++)
            {
                if (scores[i] < threshold) continue;
                if (labels[i] == 1) truePositives++; else falsePositives++;
            }
            double j = (double)truePositives / positives - (double)falsePositives / negatives;
            if (j > bestJ)
                (bestJ, bestThreshold) = (j, threshold);
        }
        return bestThreshold;
    }

    /// <summary>Mean of sensitivity and specificity of <paramref name="predictions"/>.</summary>
    /// <param name="labels">0 or 1 per sample; both classes must occur.</param>
    /// <param name="predictions">0 or 1 per sample.</param>
    public static double BalancedAccuracy(IReadOnlyList<int> labels, IReadOnlyList<int> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        (int positives, int negatives) = Check(labels, predictions.Select(p => (double)p).ToArray());
        int truePositives = 0, trueNegatives = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            if (predictions[i] is not (0 or 1))
                throw new ArgumentException($"Prediction {i} is {predictions[i]}; predictions must be 0 or 1.", nameof(predictions));
            if (labels[i] == 1 && predictions[i] == 1) truePositives++;
            if (labels[i] == 0 && predictions[i] == 0) trueNegatives++;
        }
        return ((double)truePositives / positives + (double)trueNegatives / negatives) / 2;
    }

    /// <summary>Predictions at a threshold: 1 where score &gt;= threshold.</summary>
    /// <param name="scores">The scores.</param>
    /// <param name="threshold">The cut-off.</param>
    public static int[] Predict(IReadOnlyList<double> scores, double threshold) =>
        (scores ?? throw new ArgumentNullException(nameof(scores))).Select(s => s >= threshold ? 1 : 0).ToArray();

    private static (int Positives, int Negatives) Check(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count != scores.Count)
            throw new ArgumentException($"{labels.Count} labels but {scores.Count} scores.", nameof(scores));
        int positives = 0, negatives = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            if (labels[i] == 1) positives++;
            else if (labels[i] == 0) negatives++;
            else throw new ArgumentException($"Label {i} is {labels[i]}; labels must be 0 or 1.", nameof(labels));
            if (!double.IsFinite(scores[i]))
                throw new ArgumentException($"Score {i} is {scores[i]}; scores must be finite.", nameof(scores));
        }
        if (positives == 0 || negatives == 0)
            throw new ArgumentException($"Both classes are needed, but all {labels.Count} labels are {(positives == 0 ? 0 : 1)}.", nameof(labels));
        return (positives, negatives);
    }
}
