namespace Wsp.Data.Volumes;

/// <summary>
/// Keeps the central fraction of the axial slices with the authors' rounding: of L slices, drop
/// floor(floor((1 - f) L) / 2) at the bottom and keep int(f L) (f = 0.7 by default).
/// </summary>
public sealed class CentralFractionSelection : SliceSelection
{
    /// <summary>Creates the selection.</summary>
    /// <param name="fraction">Kept fraction, in (0, 1].</param>
    public CentralFractionSelection(double fraction = 0.7)
    {
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The kept fraction must be in (0, 1].");
        Fraction = fraction;
    }

    /// <summary>The kept fraction.</summary>
    public double Fraction { get; }

    /// <summary>The first kept slice and the number kept, for a volume of <paramref name="sliceCount"/> slices.</summary>
    /// <param name="sliceCount">L.</param>
    public (int Start, int Count) Range(int sliceCount)
    {
        // Round 1 - f to 12 digits so that 1 - 0.7 behaves as the literal 0.3 of the authors' code.
        double dropped = Math.Round(1 - Fraction, 12);
        int start = (int)Math.Floor(Math.Floor(dropped * sliceCount) / 2);
        int count = Math.Max(1, (int)(Fraction * sliceCount));
        return (start, Math.Min(count, sliceCount - start));
    }

    /// <inheritdoc />
    public override SelectedSlices Select(CanonicalVolume volume, CanonicalVolume? labelMap)
    {
        ArgumentNullException.ThrowIfNull(volume);
        (int start, int count) = Range(volume.SliceCount);
        return new SelectedSlices(Enumerable.Range(start, count).ToArray(), Positions(count));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"central {Fraction:P0} of the slices");
}
