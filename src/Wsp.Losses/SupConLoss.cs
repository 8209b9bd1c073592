using Wsp.Core;
using Wsp.Core.Kernels;

namespace Wsp.Losses;

/// <summary>
/// Supervised contrastive loss (Khosla et al., 2020) on the weak label: every slice with the same
/// label is a positive. Needs <see cref="SliceAttributes.WeakLabels"/>. Default tau 0.1.
/// </summary>
public sealed class SupConLoss : KernelContrastiveLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="attribute">The discrete attribute that defines classes; the weak label by default.</param>
    /// <param name="options">Temperature (0.1), normalisation and chunking.</param>
    /// <remarks>As across the loss family: the kernel's parameters first, the options last.</remarks>
    public SupConLoss(SliceAttribute? attribute = null, ContrastiveLossOptions? options = null)
        : base(nameof(SupConLoss), new DiracKernel(attribute ?? SliceAttribute.WeakLabel), options, ReferenceScaling.PerAnchor)
    {
    }
}
