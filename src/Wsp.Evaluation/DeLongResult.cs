namespace Wsp.Evaluation;

/// <summary>DeLong's test of two correlated ROC AUCs on the same patients, as <see cref="DeLong.Compare"/> computes it.</summary>
/// <param name="AucA">AUC of the first scores.</param>
/// <param name="AucB">AUC of the second scores.</param>
/// <param name="Difference"><paramref name="AucA"/> - <paramref name="AucB"/>.</param>
/// <param name="StandardError">DeLong's estimate of the standard error of the difference; 0 when its variance estimate is 0.</param>
/// <param name="Lower">Lower bound of the Wald interval, difference - z * standard error.</param>
/// <param name="Upper">Upper bound of the Wald interval, difference + z * standard error.</param>
/// <param name="Level">Nominal coverage of the interval, e.g. 0.95.</param>
/// <param name="Z">Difference / standard error; 0 when both are 0, ±infinity when only the standard error is.</param>
/// <param name="PValue">Two-sided p-value of "equal AUCs", 2 (1 - Φ(|z|)); 1 when the difference and its standard error are both 0, 0 when only the standard error is.</param>
public sealed record DeLongResult(double AucA, double AucB, double Difference, double StandardError, double Lower, double Upper,
    double Level, double Z, double PValue);
