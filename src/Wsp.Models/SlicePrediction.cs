namespace Wsp.Models;

/// <summary>One evaluated slice of a patient's prediction.</summary>
/// <param name="SliceIndex">The slice's index along the canonical (inferior to superior) axis of the volume.</param>
/// <param name="Position">Its normalised position among the kept slices, in [0, 1).</param>
/// <param name="Probability">The positive class's probability from this slice alone.</param>
public sealed record SlicePrediction(int SliceIndex, double Position, double Probability);
