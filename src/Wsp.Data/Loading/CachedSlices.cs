namespace Wsp.Data.Loading;

/// <summary>One subject's processed slices, as held by the cache.</summary>
/// <param name="Pixels">n slices of side x side float32 pixels, slice after slice.</param>
/// <param name="Positions">Normalised position of each slice.</param>
/// <param name="Side">Pixels per side.</param>
internal sealed record CachedSlices(float[] Pixels, double[] Positions, int Side)
{
    public int Count => Positions.Length;

    public long Bytes => Pixels.LongLength * sizeof(float);

    public ReadOnlySpan<float> Slice(int index) => Pixels.AsSpan(index * Side * Side, Side * Side);
}
