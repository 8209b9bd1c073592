using System.Globalization;
using Wsp.Data.Nifti;

namespace Wsp.Data.Volumes;

/// <summary>
/// Checks that a label map lies on its image's voxel grid. Both are reoriented on their own affines, so a map with the
/// same shape but another affine would otherwise select the wrong slices without any error.
/// </summary>
internal static class LabelMapGrid
{
    // Affines are stored as float32 in the header: 1e-3 of a voxel (or of a millimetre of origin) is rounding, not a grid.
    private const double RelativeTolerance = 1e-3;

    public static void EnsureMatches(NiftiHeader image, NiftiHeader labelMap)
    {
        long[] imageShape = image.Shape.Take(3).ToArray(), mapShape = labelMap.Shape.Take(3).ToArray();
        if (!imageShape.SequenceEqual(mapShape))
            throw new InvalidDataException($"the label map's grid [{string.Join(", ", mapShape)}] differs from the image's [{string.Join(", ", imageShape)}]");
        double[,] a = image.Affine, b = labelMap.Affine;
        for (int row = 0; row < 3; row++)
        {
            for (int column = 0; column < 4; column++)
            {
                double scale = Math.Max(1, Math.Max(Math.Abs(a[row, column]), Math.Abs(b[row, column])));
                if (Math.Abs(a[row, column] - b[row, column]) > RelativeTolerance * scale)
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"the label map's affine differs from the image's (row {row}, column {column}: {b[row, column]:G6} instead of {a[row, column]:G6}), so it is not on the image's grid"));
            }
        }
    }
}
