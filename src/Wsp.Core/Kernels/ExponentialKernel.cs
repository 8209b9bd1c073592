using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>Kernel k(a, b) = exp(-|a - b|) on a continuous attribute (the authors' "distance" kernel).</summary>
public sealed class ExponentialKernel : DistanceKernel
{
    /// <summary>Creates the kernel.</summary>
    /// <param name="attribute">Compared attribute; the slice position by default.</param>
    public ExponentialKernel(SliceAttribute? attribute = null)
        : base(attribute ?? SliceAttribute.Position)
    {
    }

    /// <inheritdoc />
    protected override Tensor FromDifference(Tensor difference) => Magnitude(difference).neg_().exp_();

    /// <inheritdoc />
    public override string ToString() => $"Exponential({Attribute})";
}
