namespace Wsp.Data.Volumes;

/// <summary>Chooses which axial slices of a volume are kept, and their normalised positions.</summary>
public abstract class SliceSelection
{
    /// <summary>Whether <see cref="Select"/> needs the subject's organ label map.</summary>
    public virtual bool NeedsLabelMap => false;

    /// <summary>Selects slices of <paramref name="volume"/>.</summary>
    /// <param name="volume">The canonical image.</param>
    /// <param name="labelMap">The canonical label map on the same grid, when <see cref="NeedsLabelMap"/>.</param>
    public abstract SelectedSlices Select(CanonicalVolume volume, CanonicalVolume? labelMap);

    /// <summary>Positions d = k / n of n kept slices.</summary>
    /// <param name="count">n.</param>
    protected static double[] Positions(int count) => Enumerable.Range(0, count).Select(k => (double)k / count).ToArray();
}
