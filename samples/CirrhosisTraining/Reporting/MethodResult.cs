using Wsp.Evaluation;

namespace Wsp.Samples.CirrhosisTraining.Reporting;

/// <summary>The cross-validated outcome of one pretraining method under one evaluation protocol.</summary>
/// <param name="Method">The pretraining method, e.g. "None", "SimCLR", "SupCon", "y-Aware" or "WSP".</param>
/// <param name="Evaluation">The protocol, <see cref="LinearProbe"/> or <see cref="FineTuning"/>.</param>
/// <param name="Summary">Per-fold metrics with their mean and standard deviation.</param>
/// <param name="Predictions">Every fold's patient predictions; <see cref="PatientPrediction.IsTest"/> marks the test patients.</param>
public sealed record MethodResult(string Method, string Evaluation, CrossValidationSummary Summary, IReadOnlyList<PatientPrediction> Predictions)
{
    /// <summary>A logistic regression on frozen representations.</summary>
    public const string LinearProbe = "linear probe";

    /// <summary>The encoder trained further together with a classification head.</summary>
    public const string FineTuning = "fine-tuning";
}
