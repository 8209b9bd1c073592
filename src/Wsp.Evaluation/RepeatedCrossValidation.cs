namespace Wsp.Evaluation;

/// <summary>
/// Repeated stratified k-fold cross-validation: one <see cref="CrossValidationResult"/> per repeat, each on folds
/// drawn with its own seed, and the spread of the per-repeat mean metrics over repeats. The spread over repeats
/// shows how much a reported mean depends on the chance split of the patients into folds; it is not a confidence
/// interval (the repeats reuse the same patients).
/// </summary>
/// <param name="Protocol">How the encoder was evaluated.</param>
/// <param name="Seeds">The fold seed of each repeat.</param>
/// <param name="Repeats">Each repeat's result, with its fold metrics and every prediction.</param>
/// <param name="AucMean">Mean over repeats of the per-repeat mean fold AUC.</param>
/// <param name="AucStd">Population standard deviation over repeats of the per-repeat mean fold AUC (0 for one repeat).</param>
/// <param name="BalancedAccuracyMean">Mean over repeats of the per-repeat mean fold balanced accuracy.</param>
/// <param name="BalancedAccuracyStd">Population standard deviation over repeats of the per-repeat mean fold balanced accuracy.</param>
public sealed record RepeatedCrossValidation(EvaluationProtocol Protocol, IReadOnlyList<int> Seeds, IReadOnlyList<CrossValidationResult> Repeats,
    double AucMean, double AucStd, double BalancedAccuracyMean, double BalancedAccuracyStd)
{
    /// <summary>
    /// Each repeat's AUC of its pooled out-of-fold predictions (<see cref="CrossValidation.OutOfFold"/>), i.e. one AUC
    /// over all patients per repeat rather than the mean of its fold AUCs.
    /// </summary>
    /// <exception cref="ArgumentException">A repeat's predictions do not test every patient exactly once.</exception>
    public double[] PooledAucs() => Repeats.Select(r =>
    {
        IReadOnlyList<OutOfFoldPrediction> pooled = CrossValidation.OutOfFold(r.Predictions);
        return BinaryMetrics.RocAuc(pooled.Select(p => p.Label).ToArray(), pooled.Select(p => p.Probability).ToArray());
    }).ToArray();

    /// <summary>Summarises repeats of one protocol.</summary>
    /// <param name="seeds">The fold seed of each repeat.</param>
    /// <param name="repeats">Each repeat's result, in the order of <paramref name="seeds"/>.</param>
    /// <exception cref="ArgumentException">No repeat, counts differ, or the repeats' protocols differ.</exception>
    public static RepeatedCrossValidation Summarize(IReadOnlyList<int> seeds, IReadOnlyList<CrossValidationResult> repeats)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.Count == 0)
            throw new ArgumentException("No repeat to summarise.", nameof(repeats));
        if (seeds.Count != repeats.Count)
            throw new ArgumentException($"{seeds.Count} seeds but {repeats.Count} repeats.", nameof(seeds));
        EvaluationProtocol protocol = repeats[0].Protocol;
        if (repeats.Any(r => r.Protocol != protocol))
            throw new ArgumentException("The repeats mix evaluation protocols.", nameof(repeats));
        (double Mean, double Std) Stats(Func<CrossValidationSummary, double> metric)
        {
            double mean = repeats.Average(r => metric(r.Summary));
            return (mean, Math.Sqrt(repeats.Average(r => (metric(r.Summary) - mean) * (metric(r.Summary) - mean))));
        }
        var (aucMean, aucStd) = Stats(s => s.AucMean);
        var (baMean, baStd) = Stats(s => s.BalancedAccuracyMean);
        return new RepeatedCrossValidation(protocol, seeds.ToArray(), repeats.ToArray(), aucMean, aucStd, baMean, baStd);
    }
}
