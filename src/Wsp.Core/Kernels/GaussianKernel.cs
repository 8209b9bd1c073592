using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>
/// Gaussian (RBF) kernel k(a, b) = exp(-(a - b)^2 / (2 sigma^2)) on a continuous attribute: the
/// positional factor of the WSP loss (sigma 0.85 in the paper) and the y-Aware kernel.
/// </summary>
public sealed class GaussianKernel : DistanceKernel
{
    /// <summary>Creates the kernel.</summary>
    /// <param name="sigma">Bandwidth, finite and greater than 0.</param>
    /// <param name="attribute">Compared attribute; the slice position by default.</param>
    public GaussianKernel(double sigma, SliceAttribute? attribute = null)
        : base(attribute ?? SliceAttribute.Position)
    {
        Sigma = RequirePositive(sigma, nameof(sigma));
    }

    /// <summary>The bandwidth.</summary>
    public double Sigma { get; }

    /// <inheritdoc />
    protected override Tensor FromDifference(Tensor difference) =>
        difference.mul_(difference).mul_(-1.0 / (2 * Sigma * Sigma)).exp_();

    /// <inheritdoc />
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Gaussian({Attribute}, sigma {Sigma:R})");
}
