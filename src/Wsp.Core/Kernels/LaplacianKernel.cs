using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>
/// Laplacian kernel k(a, b) = exp(-gamma |a - b|) with gamma = 1 / (2 sigma^2), the parameterisation of
/// the authors' code (scikit-learn's <c>laplacian_kernel</c> with that gamma), so that sigma means the
/// same as for <see cref="GaussianKernel"/>.
/// </summary>
public sealed class LaplacianKernel : DistanceKernel
{
    /// <summary>Creates the kernel.</summary>
    /// <param name="sigma">Bandwidth, finite and greater than 0.</param>
    /// <param name="attribute">Compared attribute; the slice position by default.</param>
    public LaplacianKernel(double sigma, SliceAttribute? attribute = null)
        : base(attribute ?? SliceAttribute.Position)
    {
        Sigma = RequirePositive(sigma, nameof(sigma));
    }

    /// <summary>The bandwidth.</summary>
    public double Sigma { get; }

    /// <inheritdoc />
    protected override Tensor FromDifference(Tensor difference) =>
        Magnitude(difference).mul_(-1.0 / (2 * Sigma * Sigma)).exp_();

    /// <inheritdoc />
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Laplacian({Attribute}, sigma {Sigma:R})");
}
