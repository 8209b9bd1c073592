using Wsp.Evaluation;
using Wsp.Training;

namespace Wsp.Samples.CirrhosisTraining.Reporting;

/// <summary>The cross-validated outcome of one pretraining method under one evaluation protocol.</summary>
/// <param name="Method">The pretraining method.</param>
/// <param name="Evaluation">The protocol.</param>
/// <param name="Summary">Per-fold metrics with their mean and standard deviation.</param>
/// <param name="Predictions">Every fold's patient predictions; <see cref="PatientPrediction.IsTest"/> marks the test patients.</param>
public sealed record MethodResult(PretrainingMethod Method, EvaluationProtocol Evaluation, CrossValidationSummary Summary, IReadOnlyList<PatientPrediction> Predictions)
{
    /// <summary>The method's name in tables and charts, e.g. "None", "SimCLR", "SupCon", "y-Aware" or "WSP".</summary>
    public string MethodName => Method.DisplayName();

    /// <summary>The protocol's name in tables and charts: "linear probe" or "fine-tuning".</summary>
    public string EvaluationName => Evaluation.DisplayName();

    /// <summary>The cross-validation run, as the library's comparisons take it.</summary>
    public CrossValidationResult Run => new(Evaluation, Summary, Predictions);
}
