namespace Wsp.Evaluation;

/// <summary>
/// A patient's prediction from the one fold in which it was a test patient, with that fold's Youden cut-off
/// (chosen on the fold's training patients), as <see cref="CrossValidation.OutOfFold"/> pools them.
/// </summary>
/// <param name="Fold">The fold in which the patient was tested.</param>
/// <param name="PatientId">The patient.</param>
/// <param name="Label">The true label (0/1).</param>
/// <param name="Probability">The patient-level positive probability from that fold's model.</param>
/// <param name="Threshold">That fold's Youden cut-off; +infinity when no cut-off beat J = 0 on the training patients.</param>
public sealed record OutOfFoldPrediction(int Fold, string PatientId, int Label, double Probability, double Threshold)
{
    /// <summary>The fold's decision for the patient: 1 when <see cref="Probability"/> &gt;= <see cref="Threshold"/>.</summary>
    public int Decision => Probability >= Threshold ? 1 : 0;
}
