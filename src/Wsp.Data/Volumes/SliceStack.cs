using static TorchSharp.torch;

namespace Wsp.Data.Volumes;

/// <summary>
/// The kept, mapped and resampled axial slices of one subject. The stack owns <see cref="Images"/>: whoever receives
/// a stack (from <see cref="VolumeSlicer.Load(Subjects.Subject)"/>) disposes it. A class, not a record: a copy would share the tensor.
/// </summary>
public sealed class SliceStack : IDisposable
{
    /// <summary>Creates the stack; it takes ownership of <paramref name="images"/>.</summary>
    /// <param name="subjectId">The subject.</param>
    /// <param name="images">[n, 1, size, size] float32 on the CPU.</param>
    /// <param name="positions">Normalised position of each slice.</param>
    /// <param name="sliceIndices">Index of each slice in the canonical volume.</param>
    public SliceStack(string subjectId, Tensor images, IReadOnlyList<double> positions, IReadOnlyList<int> sliceIndices)
    {
        SubjectId = subjectId ?? throw new ArgumentNullException(nameof(subjectId));
        Images = images ?? throw new ArgumentNullException(nameof(images));
        Positions = positions ?? throw new ArgumentNullException(nameof(positions));
        SliceIndices = sliceIndices ?? throw new ArgumentNullException(nameof(sliceIndices));
        if (images.dim() != 4 || images.shape[0] != positions.Count || sliceIndices.Count != positions.Count)
            throw new ArgumentException($"{positions.Count} positions and {sliceIndices.Count} slice indices for images of shape [{string.Join(", ", images.shape)}].", nameof(images));
    }

    /// <summary>The subject.</summary>
    public string SubjectId { get; }

    /// <summary>[n, 1, size, size] float32 on the CPU; owned by the stack.</summary>
    public Tensor Images { get; }

    /// <summary>Normalised position of each slice.</summary>
    public IReadOnlyList<double> Positions { get; }

    /// <summary>Index of each slice in the canonical volume.</summary>
    public IReadOnlyList<int> SliceIndices { get; }

    /// <summary>Number of slices.</summary>
    public int Count => Positions.Count;

    /// <summary>Bytes held by <see cref="Images"/>.</summary>
    public long Bytes => Images.NumberOfElements * 4;

    /// <inheritdoc />
    public void Dispose() => Images.Dispose();
}
