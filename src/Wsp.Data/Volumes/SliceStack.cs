using static TorchSharp.torch;

namespace Wsp.Data.Volumes;

/// <summary>The kept, mapped and resampled axial slices of one subject.</summary>
/// <param name="SubjectId">The subject.</param>
/// <param name="Images">[n, 1, size, size] float32 on the CPU; owned by the stack (dispose it).</param>
/// <param name="Positions">Normalised position of each slice.</param>
/// <param name="SliceIndices">Index of each slice in the canonical volume.</param>
public sealed record SliceStack(string SubjectId, Tensor Images, IReadOnlyList<double> Positions, IReadOnlyList<int> SliceIndices) : IDisposable
{
    /// <summary>Number of slices.</summary>
    public int Count => Positions.Count;

    /// <summary>Bytes held by <see cref="Images"/>.</summary>
    public long Bytes => Images.NumberOfElements * 4;

    /// <inheritdoc />
    public void Dispose() => Images.Dispose();
}
