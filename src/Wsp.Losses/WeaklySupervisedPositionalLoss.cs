using Wsp.Core;
using Wsp.Core.Kernels;

namespace Wsp.Losses;

/// <summary>
/// The weakly-supervised positional (WSP) contrastive loss of Sarfati, Bône, Rohé, Gori and Bloch
/// (MICCAI 2023, arXiv 2307.04617): pair weights w(t, i) = [y_t == y_i] * exp(-(d_t - d_i)^2 / (2 sigma^2)),
/// y the weak label and d the slice's normalised position. Defaults: sigma 0.85, tau 0.1.
/// </summary>
/// <remarks>Needs <see cref="SliceAttributes.WeakLabels"/> and <see cref="SliceAttributes.Positions"/>.</remarks>
public sealed class WeaklySupervisedPositionalLoss : KernelContrastiveLoss
{
    /// <summary>The paper's positional bandwidth.</summary>
    public const double DefaultSigma = 0.85;

    /// <summary>Creates the loss with the Gaussian positional kernel.</summary>
    /// <param name="sigma">Bandwidth of the Gaussian kernel on the position (0.85).</param>
    /// <param name="options">Temperature (0.1), normalisation and chunking.</param>
    public WeaklySupervisedPositionalLoss(double sigma = DefaultSigma, ContrastiveLossOptions? options = null)
        : this(new GaussianKernel(sigma, SliceAttribute.Position), options)
    {
    }

    /// <summary>Creates the loss with another positional kernel (Laplacian, exponential, box...), multiplied by a Dirac on the weak label.</summary>
    /// <param name="positionKernel">The kernel on the position.</param>
    /// <param name="options">Temperature (0.1), normalisation and chunking.</param>
    public WeaklySupervisedPositionalLoss(IKernel positionKernel, ContrastiveLossOptions? options = null)
        : base(nameof(WeaklySupervisedPositionalLoss), new DiracKernel(SliceAttribute.WeakLabel).Times(positionKernel ?? throw new ArgumentNullException(nameof(positionKernel))), options, ReferenceScaling.PerSlice)
    {
    }
}
