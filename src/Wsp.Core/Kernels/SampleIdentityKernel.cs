using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>
/// SimCLR's kernel: 1 between the two augmented views of the same slice, 0 between different slices.
/// Reads <see cref="SliceAttribute.SampleIndex"/>, which losses set for both views.
/// </summary>
public sealed class SampleIdentityKernel : IKernel
{
    private readonly DiracKernel _sameIndex = new(SliceAttribute.SampleIndex);

    /// <inheritdoc />
    public IReadOnlyList<SliceAttribute> Attributes => _sameIndex.Attributes;

    /// <inheritdoc />
    public Tensor Evaluate(SliceAttributes rows, SliceAttributes columns) => _sameIndex.Evaluate(rows, columns);

    /// <inheritdoc />
    public override string ToString() => "SampleIdentity";
}
