namespace Wsp.Data.Synthetic;

/// <summary>
/// SplitMix64: a small, fast generator whose output is fixed by its seed on every platform and runtime
/// (System.Random's algorithm is an implementation detail), so a cohort is reproducible from its seed.
/// A struct, to be passed by reference: each patient owns one, which keeps the result independent of threading.
/// </summary>
internal struct PhantomRandom
{
    private const int GaussianTableBits = 16;
    private static readonly float[] GaussianTable = BuildGaussianTable();
    private ulong _state;

    public PhantomRandom(ulong seed) => _state = seed;

    /// <summary>The generator of patient <paramref name="index"/> of a cohort drawn with <paramref name="seed"/>.</summary>
    public static PhantomRandom ForPatient(int seed, int index)
    {
        var mixer = new PhantomRandom(((ulong)(uint)seed << 32) ^ (uint)index ^ 0x5EED_C0DE_0000_0000UL);
        return new PhantomRandom(mixer.NextULong() ^ mixer.NextULong());
    }

    public ulong NextULong()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A standard normal value (Box-Muller), for patient parameters.</summary>
    public double NextGaussian()
    {
        double u = 1.0 - NextDouble(); // (0, 1], so the logarithm is finite
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * NextDouble());
    }

    /// <summary>A normal value clamped to mean +- 2.5 standard deviations, so no patient is anatomically absurd.</summary>
    public double Normal(double mean, double sd) => mean + sd * Math.Clamp(NextGaussian(), -2.5, 2.5);

    /// <summary>
    /// Four standard normal values from one draw, looked up in a fixed table: voxel noise needs hundreds of
    /// millions of values, and a table lookup costs a fraction of Box-Muller.
    /// </summary>
    public void NextGaussians4(out float a, out float b, out float c, out float d)
    {
        ulong bits = NextULong();
        const ulong mask = (1UL << GaussianTableBits) - 1;
        a = GaussianTable[(int)(bits & mask)];
        b = GaussianTable[(int)((bits >> 16) & mask)];
        c = GaussianTable[(int)((bits >> 32) & mask)];
        d = GaussianTable[(int)(bits >> 48)];
    }

    private static float[] BuildGaussianTable()
    {
        // Inverse-CDF values at the midpoints of equal-probability bins: exactly normal, in sorted order; the random
        // index supplies the randomness.
        var table = new float[1 << GaussianTableBits];
        for (int i = 0; i < table.Length; i++)
            table[i] = (float)InverseNormal((i + 0.5) / table.Length);
        return table;
    }

    // Acklam's rational approximation of the normal quantile (relative error below 1.2e-9).
    private static double InverseNormal(double p)
    {
        double[] a = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 };
        double[] b = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01 };
        double[] c = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 };
        double[] d = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00 };
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double r = p - 0.5, s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
