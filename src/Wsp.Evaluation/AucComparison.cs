namespace Wsp.Evaluation;

/// <summary>
/// One row of a results table: a method's pooled out-of-fold AUC and balanced accuracy with stratified bootstrap
/// intervals, and its AUC difference from a reference method on the same patients with DeLong's test, as
/// <see cref="MethodComparison"/> computes it.
/// </summary>
/// <remarks>
/// What the p-value means: with one cohort and one split into folds, it tests whether these two sets of
/// out-of-fold predictions rank these patients equally well, i.e. the difference of the two AUCs on these patients
/// for these trained encoders and probes. It does not test the methods as such: another cohort, another training
/// run or another split can give another answer, and that variation is not in the p-value. With about 80 patients
/// the standard error of a difference is typically several AUC points, so only large differences are detectable and
/// a large p-value is no evidence that two methods are equivalent. The p-values of several rows are not corrected
/// for multiple comparisons.
/// </remarks>
/// <param name="Method">The method's name.</param>
/// <param name="Protocol">How its encoder was evaluated.</param>
/// <param name="Auc">AUC of the pooled out-of-fold predictions with its bootstrap interval.</param>
/// <param name="BalancedAccuracy">Balanced accuracy of the pooled out-of-fold decisions (each at its fold's Youden cut-off) with its bootstrap interval; resamples reuse the decisions, cut-offs are not re-chosen.</param>
/// <param name="ReferenceMethod">The method compared against.</param>
/// <param name="VersusReference">AUC of this method minus the reference's, its interval and DeLong's p; null in the reference's own row.</param>
public sealed record AucComparison(string Method, EvaluationProtocol Protocol, ConfidenceInterval Auc, ConfidenceInterval BalancedAccuracy,
    string ReferenceMethod, DeLongResult? VersusReference);
