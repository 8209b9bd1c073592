namespace Wsp.Losses;

/// <summary>The factor the authors' code applies to the summed per-anchor losses under <see cref="ContrastiveNormalization.Reference"/>.</summary>
public enum ReferenceScaling
{
    /// <summary>1 / N, N being the number of slices (the authors' WSP, y-Aware and NT-Xent).</summary>
    PerSlice,

    /// <summary>1 / (2N), the mean over the 2N anchors (the authors' SupCon).</summary>
    PerAnchor,
}
