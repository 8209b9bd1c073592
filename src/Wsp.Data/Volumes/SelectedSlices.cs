namespace Wsp.Data.Volumes;

/// <summary>The kept axial slices of a volume and the in-plane region to keep.</summary>
/// <param name="Indices">Indices of the kept slices (inferior to superior).</param>
/// <param name="Positions">Normalised position d = k / n of the k-th kept slice.</param>
/// <param name="Crop">In-plane region (x, y, width, height), or null for the whole slice.</param>
public sealed record SelectedSlices(IReadOnlyList<int> Indices, IReadOnlyList<double> Positions, (int X, int Y, int Width, int Height)? Crop = null);
