namespace Wsp.Evaluation;

/// <summary>A cross-validated evaluation: the fold metrics and every patient's prediction in every fold.</summary>
/// <param name="Protocol">How the encoder was evaluated.</param>
/// <param name="Summary">The folds' metrics and their mean and standard deviation.</param>
/// <param name="Predictions">Every patient of every fold, training and test.</param>
public sealed record CrossValidationResult(EvaluationProtocol Protocol, CrossValidationSummary Summary, IReadOnlyList<PatientPrediction> Predictions);
