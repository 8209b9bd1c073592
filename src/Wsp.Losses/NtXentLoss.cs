using Wsp.Core.Kernels;

namespace Wsp.Losses;

/// <summary>
/// NT-Xent, the SimCLR loss (Chen et al., 2020): the only positive of an anchor is the other view of
/// the same slice. Needs no attributes beyond the batch itself. Default tau 0.1.
/// </summary>
public sealed class NtXentLoss : KernelContrastiveLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="options">Temperature (0.1), normalisation and chunking.</param>
    public NtXentLoss(ContrastiveLossOptions? options = null)
        : base(nameof(NtXentLoss), new SampleIdentityKernel(), options, ReferenceScaling.PerSlice)
    {
    }
}
