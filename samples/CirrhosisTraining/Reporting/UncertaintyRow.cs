using Wsp.Evaluation;
using Wsp.Training;

namespace Wsp.Samples.CirrhosisTraining.Reporting;

/// <summary>A method's pooled out-of-fold AUC and balanced accuracy with their intervals, and its AUC differences with DeLong's test.</summary>
/// <param name="Result">The method's cross-validated result.</param>
/// <param name="Pooled">Pooled AUC and balanced accuracy with 95 % bootstrap intervals (its <see cref="AucComparison.VersusReference"/> is unused).</param>
/// <param name="VersusNone">Against no pretraining; null in None's own row or when None was not run.</param>
/// <param name="BestBaseline">The best baseline other than this method (highest pooled AUC among None, SimCLR, SupCon, y-Aware); null when there is none.</param>
/// <param name="VersusBestBaseline">Against <paramref name="BestBaseline"/>; null when there is none.</param>
public sealed record UncertaintyRow(MethodResult Result, AucComparison Pooled, DeLongResult? VersusNone, PretrainingMethod? BestBaseline, DeLongResult? VersusBestBaseline);
