namespace Wsp.Models;

/// <summary>A model's answer for one patient.</summary>
/// <param name="PatientId">The patient (or the file name, when none was given).</param>
/// <param name="Probability">The positive class's probability for the patient (see <see cref="PatientClassifier.Aggregation"/>).</param>
/// <param name="Threshold">The model's cut-off.</param>
/// <param name="PredictedClass">1 when <paramref name="Probability"/> is at least <paramref name="Threshold"/>, else 0.</param>
/// <param name="ClassName">The name of <paramref name="PredictedClass"/>.</param>
/// <param name="Slices">Every evaluated slice, in order along the volume.</param>
public sealed record PatientClassification(string PatientId, double Probability, double Threshold, int PredictedClass, string ClassName,
    IReadOnlyList<SlicePrediction> Slices)
{
    /// <summary>Whether the patient is predicted positive.</summary>
    public bool IsPositive => PredictedClass == 1;
}
