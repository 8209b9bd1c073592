namespace Wsp.Data.Synthetic;

/// <summary>
/// Smooth 3D noise in [0, 1]: random values on a coarse lattice, interpolated with smoothstep weights. It gives the
/// low-frequency blotches of a fibrotic liver and the mottling of bowel, at a few operations per voxel.
/// </summary>
internal sealed class ValueNoise
{
    private readonly float[] _lattice;
    private readonly int _nx, _ny, _nz;
    private readonly float _cell, _cellZ;

    /// <param name="random">The patient's generator.</param>
    /// <param name="extent">Half-width of the covered square (mm), centred on the origin.</param>
    /// <param name="height">Covered length along z (mm), from 0.</param>
    /// <param name="cell">Lattice spacing in-plane (mm): the blotches' size.</param>
    /// <param name="cellZ">Lattice spacing along z (mm).</param>
    public ValueNoise(ref PhantomRandom random, double extent, double height, double cell, double cellZ)
    {
        _cell = (float)cell;
        _cellZ = (float)cellZ;
        _nx = _ny = (int)Math.Ceiling(2 * extent / cell) + 2;
        _nz = (int)Math.Ceiling(height / cellZ) + 2;
        Offset = (float)extent;
        _lattice = new float[_nx * _ny * _nz];
        for (int i = 0; i < _lattice.Length; i++)
            _lattice[i] = (float)random.NextDouble();
    }

    private float Offset { get; }

    /// <summary>The noise at (x, y) mm in-plane and z mm along the axis; clamped at the lattice's edges.</summary>
    public float Sample(float x, float y, float z)
    {
        float u = Math.Clamp((x + Offset) / _cell, 0, _nx - 1.001f);
        float v = Math.Clamp((y + Offset) / _cell, 0, _ny - 1.001f);
        float w = Math.Clamp(z / _cellZ, 0, _nz - 1.001f);
        int i = (int)u, j = (int)v, k = (int)w;
        float fu = Smooth(u - i), fv = Smooth(v - j), fw = Smooth(w - k);
        int b = (k * _ny + j) * _nx + i;
        int plane = _nx * _ny;
        float c00 = Lerp(_lattice[b], _lattice[b + 1], fu);
        float c10 = Lerp(_lattice[b + _nx], _lattice[b + _nx + 1], fu);
        float c01 = Lerp(_lattice[b + plane], _lattice[b + plane + 1], fu);
        float c11 = Lerp(_lattice[b + plane + _nx], _lattice[b + plane + _nx + 1], fu);
        return Lerp(Lerp(c00, c10, fv), Lerp(c01, c11, fv), fw);
    }

    private static float Smooth(float t) => t * t * (3 - 2 * t);

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;
}
