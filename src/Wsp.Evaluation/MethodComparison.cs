namespace Wsp.Evaluation;

/// <summary>
/// Builds the rows of a results table (<see cref="AucComparison"/>) from cross-validation runs of several methods on
/// the same patients: pooled out-of-fold AUC and balanced accuracy with stratified bootstrap intervals
/// (<see cref="PatientBootstrap"/>), and each method's AUC against the reference method's with DeLong's test
/// (<see cref="DeLong"/>). See <see cref="AucComparison"/> for what the p-value does and does not mean.
/// </summary>
public static class MethodComparison
{
    /// <summary>One method against a reference evaluated with the same protocol on the same patients.</summary>
    /// <param name="method">The method's name.</param>
    /// <param name="result">The method's cross-validation run.</param>
    /// <param name="referenceMethod">The reference's name; when it equals <paramref name="method"/>, no test is made.</param>
    /// <param name="reference">The reference's cross-validation run.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="level">Coverage of every interval.</param>
    /// <param name="seed">Seed of the bootstrap; the same for every method, so that all rows resample the same patients.</param>
    /// <exception cref="ArgumentException">The protocols differ, or the two runs do not hold the same patients with the same labels.</exception>
    public static AucComparison Compare(string method, CrossValidationResult result, string referenceMethod, CrossValidationResult reference,
        int resamples = PatientBootstrap.DefaultResamples, double level = 0.95, int seed = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(referenceMethod);
        ArgumentNullException.ThrowIfNull(reference);
        if (result.Protocol != reference.Protocol)
            throw new ArgumentException($"'{method}' was evaluated by {result.Protocol} but '{referenceMethod}' by {reference.Protocol}; compare like with like.", nameof(reference));
        IReadOnlyList<OutOfFoldPrediction> pooled = CrossValidation.OutOfFold(result.Predictions);
        int[] labels = pooled.Select(p => p.Label).ToArray();
        double[] scores = pooled.Select(p => p.Probability).ToArray();
        ConfidenceInterval auc = PatientBootstrap.Auc(labels, scores, resamples, level, seed);
        ConfidenceInterval balancedAccuracy = PatientBootstrap.BalancedAccuracy(labels, pooled.Select(p => p.Decision).ToArray(), resamples, level, seed);
        if (string.Equals(method, referenceMethod, StringComparison.Ordinal))
            return new AucComparison(method, result.Protocol, auc, balancedAccuracy, referenceMethod, null);
        return new AucComparison(method, result.Protocol, auc, balancedAccuracy, referenceMethod, Versus(method, result, referenceMethod, reference, level));
    }

    /// <summary>
    /// DeLong's test of one method's pooled out-of-fold AUC against a reference's on the same patients, paired by id,
    /// without the bootstrap intervals of <see cref="Compare"/>.
    /// </summary>
    /// <param name="method">The method's name.</param>
    /// <param name="result">The method's cross-validation run.</param>
    /// <param name="referenceMethod">The reference's name.</param>
    /// <param name="reference">The reference's cross-validation run.</param>
    /// <param name="level">Coverage of the interval of the difference.</param>
    /// <exception cref="ArgumentException">The protocols differ, or the two runs do not hold the same patients with the same labels.</exception>
    public static DeLongResult Versus(string method, CrossValidationResult result, string referenceMethod, CrossValidationResult reference, double level = 0.95)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(referenceMethod);
        ArgumentNullException.ThrowIfNull(reference);
        if (result.Protocol != reference.Protocol)
            throw new ArgumentException($"'{method}' was evaluated by {result.Protocol} but '{referenceMethod}' by {reference.Protocol}; compare like with like.", nameof(reference));
        IReadOnlyList<OutOfFoldPrediction> pooled = CrossValidation.OutOfFold(result.Predictions);
        int[] labels = pooled.Select(p => p.Label).ToArray();
        double[] scores = pooled.Select(p => p.Probability).ToArray();
        // Pair the patients by id: DeLong's test needs both scores of every patient.
        var referenceById = CrossValidation.OutOfFold(reference.Predictions).ToDictionary(p => p.PatientId, StringComparer.Ordinal);
        if (referenceById.Count != pooled.Count)
            throw new ArgumentException($"'{method}' has {pooled.Count} patients but '{referenceMethod}' has {referenceById.Count}; DeLong's test needs the same patients.", nameof(reference));
        var referenceScores = new double[pooled.Count];
        for (int i = 0; i < pooled.Count; i++)
        {
            if (!referenceById.TryGetValue(pooled[i].PatientId, out OutOfFoldPrediction? other))
                throw new ArgumentException($"Patient '{pooled[i].PatientId}' of '{method}' is not in '{referenceMethod}'; DeLong's test needs the same patients.", nameof(reference));
            if (other.Label != pooled[i].Label)
                throw new ArgumentException($"Patient '{pooled[i].PatientId}' is labelled {pooled[i].Label} in '{method}' but {other.Label} in '{referenceMethod}'.", nameof(reference));
            referenceScores[i] = other.Probability;
        }
        return DeLong.Compare(labels, scores, referenceScores, level);
    }

    /// <summary>
    /// Every run against the reference method's run of the same protocol, in the order given. Each (method, protocol)
    /// should occur once; the reference's own rows carry no test.
    /// </summary>
    /// <param name="results">Each method's runs, e.g. its linear-probe and its fine-tuning run.</param>
    /// <param name="referenceMethod">The method the others are compared against.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="level">Coverage of every interval.</param>
    /// <param name="seed">Seed of the bootstrap.</param>
    /// <exception cref="ArgumentException">The reference lacks a run of a protocol that another method has, or a (method, protocol) occurs twice.</exception>
    public static IReadOnlyList<AucComparison> CompareAll(IReadOnlyList<(string Method, CrossValidationResult Result)> results, string referenceMethod,
        int resamples = PatientBootstrap.DefaultResamples, double level = 0.95, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentException.ThrowIfNullOrWhiteSpace(referenceMethod);
        var duplicate = results.GroupBy(r => (r.Method, r.Result.Protocol)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"'{duplicate.Key.Method}' has {duplicate.Count()} {duplicate.Key.Protocol} runs; give one per protocol.", nameof(results));
        var references = results.Where(r => string.Equals(r.Method, referenceMethod, StringComparison.Ordinal))
            .ToDictionary(r => r.Result.Protocol, r => r.Result);
        return results.Select(r => references.TryGetValue(r.Result.Protocol, out CrossValidationResult? reference)
                ? Compare(r.Method, r.Result, referenceMethod, reference, resamples, level, seed)
                : throw new ArgumentException($"The reference '{referenceMethod}' has no {r.Result.Protocol} run to compare '{r.Method}' with.", nameof(results)))
            .ToArray();
    }
}
