using System.Buffers;
using Wsp.Data.Nifti;

namespace Wsp.Data.Volumes;

/// <summary>
/// A 3D volume reoriented to the closest canonical (RAS+) orientation, as nibabel's
/// <c>as_closest_canonical</c>: voxel axis 0 runs towards +x (the patient's right in RAS), axis 1 towards +y
/// (anterior) and axis 2 towards +z (superior), so axial slices are the
/// planes of constant axis 2, ordered from inferior to superior, whatever the file's storage order.
/// Voxels are stored with axis 0 fastest. Volumes read from files borrow their buffer from the shared
/// array pool (a CT volume is hundreds of MB): dispose them to return it.
/// </summary>
public sealed class CanonicalVolume : IDisposable
{
    private float[]? _buffer;
    private readonly int _length;
    private readonly bool _pooled;

    /// <summary>Creates a volume from voxels already in canonical order.</summary>
    /// <param name="voxels">Values, axis 0 fastest.</param>
    /// <param name="shape">Sizes along x, y, z.</param>
    /// <param name="spacing">Voxel sizes along x, y, z (mm).</param>
    public CanonicalVolume(float[] voxels, IReadOnlyList<int> shape, IReadOnlyList<double> spacing)
        : this(voxels, voxels?.Length ?? 0, shape, spacing, pooled: false)
    {
    }

    private CanonicalVolume(float[] buffer, int length, IReadOnlyList<int> shape, IReadOnlyList<double> spacing, bool pooled)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (shape.Count != 3 || (long)shape[0] * shape[1] * shape[2] != length)
            throw new ArgumentException($"A shape of three sizes matching {length} voxels is needed, not [{string.Join(", ", shape)}].", nameof(shape));
        _buffer = buffer;
        _length = length;
        _pooled = pooled;
        Shape = shape.ToArray();
        Spacing = spacing.ToArray();
    }

    /// <summary>Voxel values, axis 0 fastest.</summary>
    public ReadOnlySpan<float> Voxels => (_buffer ?? throw new ObjectDisposedException(nameof(CanonicalVolume))).AsSpan(0, _length);

    /// <summary>Sizes along x, y, z.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Voxel sizes along x, y, z.</summary>
    public IReadOnlyList<double> Spacing { get; }

    /// <summary>Number of axial slices.</summary>
    public int SliceCount => Shape[2];

    /// <summary>Voxels in one axial slice.</summary>
    public int SliceSize => Shape[0] * Shape[1];

    /// <summary>Axial slice <paramref name="k"/> (x fastest).</summary>
    /// <param name="k">Slice index, 0 being the most inferior.</param>
    public ReadOnlySpan<float> Slice(int k) => Voxels.Slice(k * SliceSize, SliceSize);

    /// <summary>Returns a pooled buffer; the volume cannot be read afterwards.</summary>
    public void Dispose()
    {
        float[]? buffer = Interlocked.Exchange(ref _buffer, null);
        if (_pooled && buffer is not null)
            ArrayPool<float>.Shared.Return(buffer);
    }

    /// <summary>Reads the first 3D volume of a NIfTI file and reorients it using its affine.</summary>
    /// <param name="path">The image.</param>
    /// <exception cref="NiftiFormatException">The file cannot be read, it is not 3D, or its affine gives no orientation
    /// (non-finite or singular: nibabel's <c>as_closest_canonical</c> refuses such affines too).</exception>
    /// <exception cref="NotSupportedException">RGB, complex and other non-scalar datatypes.</exception>
    public static CanonicalVolume Read(string path) => Read(NiftiFile.Open(path));

    /// <summary>Reads the first 3D volume of an opened NIfTI file and reorients it using its affine.</summary>
    /// <param name="file">The image.</param>
    /// <exception cref="NiftiFormatException">The voxels cannot be read, the image is not 3D, or its affine gives no orientation.</exception>
    /// <exception cref="NotSupportedException">RGB, complex and other non-scalar datatypes.</exception>
    public static CanonicalVolume Read(NiftiFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        IReadOnlyList<long> shape = file.Header.Shape;
        if (shape.Count < 3)
            throw new NiftiFormatException(file.HeaderPath, $"a volume needs three dimensions, but the image has shape [{string.Join(", ", shape)}]");
        long length = shape[0] * shape[1] * shape[2];
        if (length > Array.MaxLength)
            throw new NiftiFormatException(file.HeaderPath, $"a volume of {length} voxels is too large to hold in memory at once");
        double[,] affine = file.Header.Affine;
        if (UnusableAffine(affine) is { } reason)
            throw new NiftiFormatException(file.HeaderPath, $"the {file.Header.AffineSource.ToString().ToLowerInvariant()} affine {reason}, so the volume's orientation is unknown");
        // The size checks (file size, compression ratio, datatype) run before the buffer is rented.
        file.SliceRangeStart(0, shape[2], 0);
        float[] buffer = ArrayPool<float>.Shared.Rent((int)length);
        try
        {
            file.ReadSlices<float>(0, shape[2], buffer.AsSpan(0, (int)length)); // the first volume of a 4D+ image
            var stored = new CanonicalVolume(buffer, (int)length, new[] { (int)shape[0], (int)shape[1], (int)shape[2] }, new double[3], pooled: true);
            CanonicalVolume canonical = Reorient(stored, affine);
            stored.Dispose();
            return canonical;
        }
        catch
        {
            ArrayPool<float>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Permutes and flips voxels (axis 0 fastest) so that their axes follow RAS+.</summary>
    /// <param name="voxels">Voxels in file order.</param>
    /// <param name="shape">File-order sizes.</param>
    /// <param name="affine">Voxel-to-world affine.</param>
    internal static CanonicalVolume Reorient(float[] voxels, IReadOnlyList<int> shape, double[,] affine) =>
        Reorient(new CanonicalVolume(voxels, shape, new double[3]), affine);

    // When no permutation or flip is needed, the result takes over `stored`'s buffer.
    private static CanonicalVolume Reorient(CanonicalVolume stored, double[,] affine)
    {
        IReadOnlyList<int> shape = stored.Shape;
        ReadOnlySpan<float> voxels = stored.Voxels;
        (int[] worldAxisOf, bool[] flipped) = Orientation(affine);
        // For each output (world) axis, the file axis that maps to it.
        var fileAxisOf = new int[3];
        for (int fileAxis = 0; fileAxis < 3; fileAxis++)
            fileAxisOf[worldAxisOf[fileAxis]] = fileAxis;

        int[] outShape = fileAxisOf.Select(a => shape[a]).ToArray();
        double[] spacing = fileAxisOf.Select(a => Math.Sqrt(affine[0, a] * affine[0, a] + affine[1, a] * affine[1, a] + affine[2, a] * affine[2, a])).ToArray();
        bool identity = fileAxisOf.SequenceEqual(new[] { 0, 1, 2 }) && !flipped.Any(f => f);
        if (identity)
        {
            // The buffer moves to the result; disposing `stored` afterwards is a no-op.
            float[] buffer = stored._buffer!;
            stored._buffer = null;
            return new CanonicalVolume(buffer, stored._length, outShape, spacing, stored._pooled);
        }

        long[] fileStrides = { 1, shape[0], (long)shape[0] * shape[1] };
        float[] result = ArrayPool<float>.Shared.Rent(voxels.Length);
        // Start offset and step in the file array for each output axis.
        long[] step = new long[3];
        long origin = 0;
        for (int o = 0; o < 3; o++)
        {
            int a = fileAxisOf[o];
            step[o] = flipped[a] ? -fileStrides[a] : fileStrides[a];
            if (flipped[a]) origin += (shape[a] - 1) * fileStrides[a];
        }
        int index = 0;
        for (int z = 0; z < outShape[2]; z++)
            for (int y = 0; y < outShape[1]; y++)
            {
                long source = origin + z * step[2] + y * step[1];
                for (int x = 0; x < outShape[0]; x++, source += step[0])
                    result[index++] = voxels[(int)source];
            }
        return new CanonicalVolume(result, voxels.Length, outShape, spacing, pooled: true);
    }

    /// <summary>For each file axis, the world axis it is closest to and whether it runs against it.</summary>
    /// <param name="affine">Voxel-to-world affine.</param>
    /// <exception cref="ArgumentException">The affine's 3 x 3 part has non-finite entries or is singular.</exception>
    internal static (int[] WorldAxisOf, bool[] Flipped) Orientation(double[,] affine)
    {
        ArgumentNullException.ThrowIfNull(affine);
        if (UnusableAffine(affine) is { } reason)
            throw new ArgumentException($"The affine {reason}; it gives no orientation.", nameof(affine));
        var worldAxisOf = new int[3];
        var flipped = new bool[3];
        var fileDone = new bool[3];
        var worldDone = new bool[3];
        // Pair file and world axes greedily by the largest direction cosine, so that oblique volumes
        // still get a permutation (nibabel's io_orientation does the same in spirit).
        for (int round = 0; round < 3; round++)
        {
            double best = -1;
            int bestFile = 0, bestWorld = 0;
            for (int fileAxis = 0; fileAxis < 3; fileAxis++)
            {
                if (fileDone[fileAxis]) continue;
                double norm = Math.Sqrt(affine[0, fileAxis] * affine[0, fileAxis] + affine[1, fileAxis] * affine[1, fileAxis] + affine[2, fileAxis] * affine[2, fileAxis]);
                for (int world = 0; world < 3; world++)
                {
                    if (worldDone[world]) continue;
                    double cosine = norm == 0 ? 0 : Math.Abs(affine[world, fileAxis]) / norm;
                    if (cosine > best) (best, bestFile, bestWorld) = (cosine, fileAxis, world);
                }
            }
            if (fileDone[bestFile] || worldDone[bestWorld])
                throw new ArgumentException("The affine's axes cannot be paired with distinct world axes.", nameof(affine));
            worldAxisOf[bestFile] = bestWorld;
            flipped[bestFile] = affine[bestWorld, bestFile] < 0;
            fileDone[bestFile] = true;
            worldDone[bestWorld] = true;
        }
        return (worldAxisOf, flipped);
    }

    // Why the 3 x 3 part cannot give an orientation, or null. NaN never wins a comparison, so the pairing
    // would pick one axis twice; a zero or dependent column has no direction (nibabel's io_orientation
    // gives such axes no orientation and as_closest_canonical refuses them).
    private static string? UnusableAffine(double[,] affine)
    {
        if (affine.GetLength(0) < 3 || affine.GetLength(1) < 3)
            return $"is {affine.GetLength(0)} x {affine.GetLength(1)}, not 4 x 4";
        var unit = new double[3, 3];
        for (int j = 0; j < 3; j++)
        {
            double norm = 0;
            for (int i = 0; i < 3; i++)
            {
                if (!double.IsFinite(affine[i, j]))
                    return $"has a non-finite entry ({affine[i, j]} at row {i}, column {j})";
                norm += affine[i, j] * affine[i, j];
            }
            norm = Math.Sqrt(norm);
            if (!(norm > 0) || !double.IsFinite(norm))
                return $"gives voxel axis {j} no direction (column {j} is zero)";
            for (int i = 0; i < 3; i++)
                unit[i, j] = affine[i, j] / norm;
        }
        double determinant =
            unit[0, 0] * (unit[1, 1] * unit[2, 2] - unit[1, 2] * unit[2, 1])
            - unit[0, 1] * (unit[1, 0] * unit[2, 2] - unit[1, 2] * unit[2, 0])
            + unit[0, 2] * (unit[1, 0] * unit[2, 1] - unit[1, 1] * unit[2, 0]);
        return Math.Abs(determinant) < 1e-9 ? "is singular (its voxel axes are not independent)" : null;
    }
}
