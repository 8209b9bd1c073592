using Wsp.Core;
using Wsp.Core.Kernels;

namespace Wsp.Losses;

/// <summary>
/// Positional contrastive learning (Zeng et al., 2021): slices whose normalised positions differ by
/// less than gamma are positives, whatever their labels. Needs <see cref="SliceAttributes.Positions"/>.
/// Defaults: gamma 0.1, tau 0.1.
/// </summary>
public sealed class PositionalContrastiveLoss : KernelContrastiveLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="gamma">Half-width of the positional box.</param>
    /// <param name="options">Temperature (0.1), normalisation and chunking.</param>
    public PositionalContrastiveLoss(double gamma = 0.1, ContrastiveLossOptions? options = null)
        : base(nameof(PositionalContrastiveLoss), new BoxKernel(gamma, SliceAttribute.Position), options, ReferenceScaling.PerSlice)
    {
    }
}
