namespace Wsp.Evaluation;

/// <summary>
/// A receiver operating characteristic curve as scikit-learn's <c>roc_curve</c> returns it (with
/// <c>drop_intermediate=True</c>): points ordered by decreasing threshold, starting at the origin, where the
/// threshold is +infinity (scikit-learn 1.2 reports the highest score + 1 there, 1.3 and later +infinity).
/// A point at threshold t counts a sample positive when its score &gt;= t. Build one with
/// <see cref="BinaryMetrics.RocCurve"/>.
/// </summary>
public sealed record RocCurve
{
    /// <summary>Creates a curve from its points.</summary>
    /// <param name="falsePositiveRates">FPR of each point, non-decreasing, in [0, 1].</param>
    /// <param name="truePositiveRates">TPR of each point, non-decreasing, in [0, 1].</param>
    /// <param name="thresholds">Score cut-off of each point, decreasing.</param>
    /// <exception cref="ArgumentException">The lists are empty, differ in length, or a rate is outside [0, 1] or decreases.</exception>
    public RocCurve(IReadOnlyList<double> falsePositiveRates, IReadOnlyList<double> truePositiveRates, IReadOnlyList<double> thresholds)
    {
        ArgumentNullException.ThrowIfNull(falsePositiveRates);
        ArgumentNullException.ThrowIfNull(truePositiveRates);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (falsePositiveRates.Count == 0)
            throw new ArgumentException("A ROC curve needs at least one point.", nameof(falsePositiveRates));
        if (truePositiveRates.Count != falsePositiveRates.Count || thresholds.Count != falsePositiveRates.Count)
            throw new ArgumentException(
                $"{falsePositiveRates.Count} false-positive rates, {truePositiveRates.Count} true-positive rates and {thresholds.Count} thresholds; each point needs all three.",
                nameof(thresholds));
        RequireRates(falsePositiveRates, nameof(falsePositiveRates));
        RequireRates(truePositiveRates, nameof(truePositiveRates));
        // Copies, so that the curve cannot change under its owner.
        FalsePositiveRates = falsePositiveRates.ToArray();
        TruePositiveRates = truePositiveRates.ToArray();
        Thresholds = thresholds.ToArray();
    }

    /// <summary>False-positive rate (1 - specificity) of each point.</summary>
    public IReadOnlyList<double> FalsePositiveRates { get; }

    /// <summary>True-positive rate (sensitivity) of each point.</summary>
    public IReadOnlyList<double> TruePositiveRates { get; }

    /// <summary>Score cut-off of each point; the first is +infinity.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Trapezoidal area under the points, which equals <see cref="BinaryMetrics.RocAuc"/> of the same data.</summary>
    public double Area()
    {
        double area = 0;
        for (int i = 1; i < FalsePositiveRates.Count; i++)
            area += (FalsePositiveRates[i] - FalsePositiveRates[i - 1]) * (TruePositiveRates[i] + TruePositiveRates[i - 1]) / 2;
        return area;
    }

    /// <summary>
    /// The curve's TPR at each FPR of <paramref name="fprGrid"/>, linear between points, for vertical averaging of
    /// curves from several folds on a common grid. Where the curve rises vertically at a grid FPR, the top of the
    /// rise is taken (as numpy's <c>interp</c> does), so the value at FPR 0 may exceed 0.
    /// </summary>
    /// <param name="fprGrid">False-positive rates in [0, 1], in any order.</param>
    /// <exception cref="ArgumentException">A grid value is outside [0, 1] or not a number.</exception>
    public double[] InterpolateTpr(IReadOnlyList<double> fprGrid)
    {
        ArgumentNullException.ThrowIfNull(fprGrid);
        var result = new double[fprGrid.Count];
        for (int g = 0; g < fprGrid.Count; g++)
        {
            double x = fprGrid[g];
            if (!(x >= 0 && x <= 1))
                throw new ArgumentException($"Grid value {g} is {x}; false-positive rates lie in [0, 1].", nameof(fprGrid));
            result[g] = TprAt(x);
        }
        return result;
    }

    /// <summary>Vertical average: the mean of the curves' interpolated TPR at each grid FPR.</summary>
    /// <param name="curves">The curves, e.g. one per fold.</param>
    /// <param name="fprGrid">False-positive rates in [0, 1].</param>
    /// <exception cref="ArgumentException">No curve is given, or a grid value is outside [0, 1].</exception>
    public static double[] MeanTpr(IReadOnlyList<RocCurve> curves, IReadOnlyList<double> fprGrid)
    {
        ArgumentNullException.ThrowIfNull(curves);
        ArgumentNullException.ThrowIfNull(fprGrid);
        if (curves.Count == 0)
            throw new ArgumentException("No curve to average.", nameof(curves));
        var sum = new double[fprGrid.Count];
        foreach (RocCurve curve in curves)
        {
            double[] tpr = curve.InterpolateTpr(fprGrid);
            for (int g = 0; g < sum.Length; g++)
                sum[g] += tpr[g];
        }
        return sum.Select(s => s / curves.Count).ToArray();
    }

    private double TprAt(double fpr)
    {
        if (fpr < FalsePositiveRates[0])
            return TruePositiveRates[0];
        // The last point at or left of fpr is the top of any vertical rise there.
        int left = 0, last = FalsePositiveRates.Count - 1;
        while (left < last && FalsePositiveRates[left + 1] <= fpr)
            left++;
        if (left == last)
            return TruePositiveRates[last];
        double x0 = FalsePositiveRates[left], x1 = FalsePositiveRates[left + 1];
        double y0 = TruePositiveRates[left], y1 = TruePositiveRates[left + 1];
        return y0 + (y1 - y0) * (fpr - x0) / (x1 - x0);
    }

    private static void RequireRates(IReadOnlyList<double> rates, string name)
    {
        for (int i = 0; i < rates.Count; i++)
        {
            if (!(rates[i] >= 0 && rates[i] <= 1))
                throw new ArgumentException($"Rate {i} is {rates[i]}; rates lie in [0, 1].", name);
            if (i > 0 && rates[i] < rates[i - 1])
                throw new ArgumentException($"Rate {i} ({rates[i]}) is below rate {i - 1} ({rates[i - 1]}); rates never decrease along a ROC curve.", name);
        }
    }
}
