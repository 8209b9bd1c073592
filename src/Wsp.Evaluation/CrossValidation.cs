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
