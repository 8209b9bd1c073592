namespace Wsp.Evaluation;

/// <summary>Mean and standard deviation (population, as numpy's default) of the folds' metrics.</summary>
/// <param name="Folds">Each fold's metrics.</param>
/// <param name="AucMean">Mean AUC.</param>
/// <param name="AucStd">Standard deviation of the AUC.</param>
/// <param name="BalancedAccuracyMean">Mean balanced accuracy.</param>
/// <param name="BalancedAccuracyStd">Standard deviation of the balanced accuracy.</param>
public sealed record CrossValidationSummary(IReadOnlyList<FoldMetrics> Folds, double AucMean, double AucStd, double BalancedAccuracyMean, double BalancedAccuracyStd);
