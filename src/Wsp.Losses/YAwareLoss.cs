using Wsp.Core;
using Wsp.Core.Kernels;

namespace Wsp.Losses;

/// <summary>
/// The y-Aware contrastive loss (Dufumier et al., MICCAI 2021): pair weights from a Gaussian kernel on a
/// continuous attribute. On the slice position it is the "depth-aware" baseline of the WSP paper; on a
/// covariate such as age it is the original y-Aware loss. Defaults: sigma 0.85 on the position, tau 0.1.
/// </summary>
public sealed class YAwareLoss : KernelContrastiveLoss
{
    /// <summary>Creates the loss with a Gaussian kernel.</summary>
    /// <param name="sigma">Kernel bandwidth.</param>
    /// <param name="attribute">The continuous attribute; the position by default.</param>
    /// <param name="options">Temperature (0.1), normalisation and chunking.</param>
    public YAwareLoss(double sigma = WeaklySupervisedPositionalLoss.DefaultSigma, SliceAttribute? attribute = null, ContrastiveLossOptions? options = null)
        : this(new GaussianKernel(sigma, attribute ?? SliceAttribute.Position), options)
    {
    }

    /// <summary>Creates the loss with another kernel on a continuous attribute.</summary>
    /// <param name="kernel">The kernel, e.g. <see cref="LaplacianKernel"/>.</param>
    /// <param name="options">Temperature (0.1), normalisation and chunking.</param>
    public YAwareLoss(IKernel kernel, ContrastiveLossOptions? options = null)
        : base(nameof(YAwareLoss), kernel, options, ReferenceScaling.PerSlice)
    {
    }
}
