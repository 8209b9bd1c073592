using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>
/// Box kernel k(a, b) = 1 if |a - b| &lt; gamma, else 0: positional contrastive learning
/// (Zeng et al., 2021) treats slices closer than gamma (about 0.1) as positives.
/// </summary>
public sealed class BoxKernel : DistanceKernel
{
    /// <summary>Creates the kernel.</summary>
    /// <param name="gamma">Half-width of the box, finite and greater than 0.</param>
    /// <param name="attribute">Compared attribute; the slice position by default.</param>
    public BoxKernel(double gamma, SliceAttribute? attribute = null)
        : base(attribute ?? SliceAttribute.Position)
    {
        Gamma = RequirePositive(gamma, nameof(gamma));
    }

    /// <summary>Half-width of the box.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    protected override Tensor FromDifference(Tensor difference) =>
        Magnitude(difference).lt(Gamma).to(difference.dtype);

    /// <inheritdoc />
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Box({Attribute}, gamma {Gamma:R})");
}
