namespace Wsp.Models;

/// <summary>What a model was fitted on.</summary>
/// <param name="Patients">Labelled patients the head (and the cut-off) was fitted on.</param>
/// <param name="Positives">How many of them are positive.</param>
/// <param name="TrainingAuc">The patient AUC on those same patients: optimistic by construction, a sanity check and not an estimate of performance (cross-validation gives that).</param>
public sealed record ModelFitSummary(int Patients, int Positives, double TrainingAuc);
