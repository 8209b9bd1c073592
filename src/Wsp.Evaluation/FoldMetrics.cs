namespace Wsp.Evaluation;

/// <summary>Patient-level metrics of one cross-validation fold.</summary>
/// <param name="Fold">Fold index.</param>
/// <param name="Auc">ROC AUC on the fold's test patients.</param>
/// <param name="BalancedAccuracy">Balanced accuracy on the test patients at <paramref name="Threshold"/>.</param>
/// <param name="Threshold">Youden cut-off chosen on the fold's training patients.</param>
public sealed record FoldMetrics(int Fold, double Auc, double BalancedAccuracy, double Threshold);
