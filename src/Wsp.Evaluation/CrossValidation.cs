using Wsp.Core.IO;

namespace Wsp.Evaluation;

/// <summary>
/// The paper's evaluation protocol on patient-level predictions: per fold, the Youden cut-off is chosen on
/// the training patients, AUC and balanced accuracy are measured on the test patients; folds are summarised
/// by mean and standard deviation, and every prediction can be saved.
/// </summary>
public static class CrossValidation
{
    /// <summary>Metrics of one fold from its patients' predictions.</summary>
    /// <param name="fold">Fold index.</param>
    /// <param name="predictions">The fold's patients, training and test.</param>
    /// <exception cref="ArgumentException">The training or test patients lack a class; the message names the fold.</exception>
    public static FoldMetrics EvaluateFold(int fold, IReadOnlyList<PatientPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var train = predictions.Where(p => !p.IsTest).ToArray();
        var test = predictions.Where(p => p.IsTest).ToArray();
        RequireBothClasses(train, fold, "training");
        RequireBothClasses(test, fold, "test");
        double threshold = BinaryMetrics.YoudenThreshold(train.Select(p => p.Label).ToArray(), train.Select(p => p.Probability).ToArray());
        int[] testLabels = test.Select(p => p.Label).ToArray();
        double[] testScores = test.Select(p => p.Probability).ToArray();
        return new FoldMetrics(fold, BinaryMetrics.RocAuc(testLabels, testScores),
            BinaryMetrics.BalancedAccuracy(testLabels, BinaryMetrics.Predict(testScores, threshold)), threshold);
    }

    /// <summary>
    /// The pooled out-of-fold predictions: each patient's prediction from the fold in which it was a test patient,
    /// with that fold's Youden cut-off from <see cref="EvaluateFold"/>, so that <see cref="OutOfFoldPrediction.Decision"/>
    /// is the decision the fold's protocol made. Patients are in the order in which they first appear in
    /// <paramref name="predictions"/>.
    /// </summary>
    /// <param name="predictions">Every fold's patients, training and test, e.g. <see cref="CrossValidationResult.Predictions"/> of one run.</param>
    /// <exception cref="ArgumentException">A patient is a test patient in no fold or in more than one, or a fold's training or test patients lack a class.</exception>
    public static IReadOnlyList<OutOfFoldPrediction> OutOfFold(IReadOnlyList<PatientPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var thresholds = predictions.GroupBy(p => p.Fold)
            .ToDictionary(g => g.Key, g => EvaluateFold(g.Key, g.ToArray()).Threshold);
        var tested = new Dictionary<string, PatientPrediction>(StringComparer.Ordinal);
        foreach (PatientPrediction p in predictions.Where(p => p.IsTest))
            if (!tested.TryAdd(p.PatientId, p))
                throw new ArgumentException($"Patient '{p.PatientId}' is a test patient in folds {tested[p.PatientId].Fold} and {p.Fold}; pool the predictions of one cross-validation run.", nameof(predictions));
        var pooled = new List<OutOfFoldPrediction>(tested.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (PatientPrediction p in predictions)
        {
            if (!seen.Add(p.PatientId)) continue;
            if (!tested.TryGetValue(p.PatientId, out PatientPrediction? test))
                throw new ArgumentException($"Patient '{p.PatientId}' is a test patient in no fold.", nameof(predictions));
            pooled.Add(new OutOfFoldPrediction(test.Fold, test.PatientId, test.Label, test.Probability, thresholds[test.Fold]));
        }
        return pooled;
    }

    /// <summary>Mean and population standard deviation over folds.</summary>
    /// <param name="folds">The folds' metrics.</param>
    public static CrossValidationSummary Summarize(IReadOnlyList<FoldMetrics> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        if (folds.Count == 0)
            throw new ArgumentException("No fold to summarise.", nameof(folds));
        (double mean, double std) Stats(Func<FoldMetrics, double> metric)
        {
            double mean = folds.Average(metric);
            return (mean, Math.Sqrt(folds.Average(f => (metric(f) - mean) * (metric(f) - mean))));
        }
        var (aucMean, aucStd) = Stats(f => f.Auc);
        var (baMean, baStd) = Stats(f => f.BalancedAccuracy);
        return new CrossValidationSummary(folds, aucMean, aucStd, baMean, baStd);
    }

    /// <summary>Writes predictions as CSV (fold, patient, label, probability, split), atomically.</summary>
    /// <param name="path">Destination.</param>
    /// <param name="predictions">The predictions.</param>
    public static void WritePredictions(string path, IEnumerable<PatientPrediction> predictions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(predictions);
        var table = new CsvText("fold", "patient", "label", "probability", "split");
        foreach (PatientPrediction p in predictions)
            table.Row(p.Fold, p.PatientId, p.Label, p.Probability, p.IsTest ? "test" : "train");
        table.Write(path);
    }

    private static void RequireBothClasses(PatientPrediction[] patients, int fold, string part)
    {
        if (patients.Length == 0)
            throw new ArgumentException($"Fold {fold} has no {part} patient.", "predictions");
        if (patients.All(p => p.Label == patients[0].Label))
            throw new ArgumentException($"Fold {fold}'s {part} patients are all of class {patients[0].Label}; AUC and the Youden cut-off need both classes.", "predictions");
    }
}
