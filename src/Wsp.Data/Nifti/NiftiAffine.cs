namespace Wsp.Data.Nifti;

/// <summary>
/// The voxel-to-world affine of a header, chosen as nibabel does: the sform when sform_code > 0, else the
/// qform when qform_code > 0, else a base affine diag(-|dx|, |dy|, |dz|) centred on the volume (for Analyze
/// files with an SPM originator, centred on that voxel). The NIfTI standard's "method 1", diag(pixdim)
/// without offset, is available as <see cref="Method1"/>; we return nibabel's so that coordinates
/// agree with Python pipelines.
/// </summary>
public static class NiftiAffine
{
    /// <summary>The affine a reader should use.</summary>
    /// <param name="header">The header.</param>
    public static double[,] Best(NiftiHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.SFormCode > 0) return FromSForm(header);
        if (header.QFormCode > 0) return FromQForm(header);
        return Base(header);
    }

    /// <summary>The sform rows as a 4 x 4 matrix.</summary>
    /// <param name="header">The header.</param>
    public static double[,] FromSForm(NiftiHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var affine = Identity();
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                affine[i, j] = header.SRows[i, j];
        return affine;
    }

    /// <summary>The qform (quaternion, voxel sizes, qfac and offsets) as a 4 x 4 matrix.</summary>
    /// <param name="header">The header.</param>
    public static double[,] FromQForm(NiftiHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        double b = header.Quaternion[0], c = header.Quaternion[1], d = header.Quaternion[2];
        double aSquared = 1 - (b * b + c * c + d * d);
        double a;
        if (aSquared < -1e-7)
        {
            // Not a unit quaternion: normalise (b, c, d) and take a = 0, as nibabel does.
            double norm = Math.Sqrt(b * b + c * c + d * d);
            (a, b, c, d) = (0, b / norm, c / norm, d / norm);
        }
        else
        {
            a = Math.Sqrt(Math.Max(0, aSquared));
        }
        double[] rotation =
        {
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
            2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
            2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b,
        };
        double qfac = header.PixelDimensions[0] < 0 ? -1 : 1;
        double[] zooms = { Zoom(header, 1), Zoom(header, 2), Zoom(header, 3) * qfac };
        var affine = Identity();
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
                affine[i, j] = rotation[3 * i + j] * zooms[j];
            affine[i, 3] = header.QOffset[i];
        }
        return affine;
    }

    /// <summary>The base affine used when neither form is set: x flipped, centred on the volume or the Analyze originator.</summary>
    /// <param name="header">The header.</param>
    public static double[,] Base(NiftiHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var affine = Identity();
        for (int i = 0; i < 3; i++)
        {
            // Voxel sizes are taken as magnitudes (some Analyze writers store a negative x size), x is flipped.
            double zoom = Math.Abs(Zoom(header, i + 1)) * (i == 0 ? -1 : 1);
            long size = i < header.Shape.Count ? header.Shape[i] : 1;
            int originator = header.AnalyzeOrigin[i];
            double origin = header.Format == NiftiFormat.Analyze75 && header.AnalyzeOrigin.Any(o => o != 0) && originator >= 1 && originator <= size
                ? originator - 1
                : (size - 1) / 2.0;
            affine[i, i] = zoom;
            affine[i, 3] = -origin * zoom;
        }
        return affine;
    }

    /// <summary>The NIfTI standard's method 1: diag(pixdim[1..3]) with no offset.</summary>
    /// <param name="header">The header.</param>
    public static double[,] Method1(NiftiHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var affine = Identity();
        for (int i = 0; i < 3; i++)
            affine[i, i] = Zoom(header, i + 1);
        return affine;
    }

    // Voxel size along an axis; 1 for axes beyond the image's rank.
    private static double Zoom(NiftiHeader header, int axis) => axis <= header.Shape.Count ? header.PixelDimensions[axis] : 1;

    private static double[,] Identity()
    {
        var m = new double[4, 4];
        for (int i = 0; i < 4; i++) m[i, i] = 1;
        return m;
    }
}
