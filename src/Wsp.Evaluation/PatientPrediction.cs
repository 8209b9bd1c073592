namespace Wsp.Evaluation;

/// <summary>One patient's prediction in one fold, as saved per fold.</summary>
/// <param name="Fold">Fold index.</param>
/// <param name="PatientId">The patient.</param>
/// <param name="Label">The true label (0/1).</param>
/// <param name="Probability">The patient-level positive probability.</param>
/// <param name="IsTest">Whether the patient was in the fold's test set.</param>
public sealed record PatientPrediction(int Fold, string PatientId, int Label, double Probability, bool IsTest);
