using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Wsp.Core.IO;

namespace Wsp.Data.Nifti;

/// <summary>
/// Writes single-file NIfTI-1 images (<c>.nii</c>, or gzipped when the name ends in <c>.gz</c>), little-endian,
/// as float32, int16 or uint8, with the affine stored as the sform (code 1, scanner) and the qform unset.
/// The file is written beside its destination and renamed over it, so a failure never leaves half a file.
/// </summary>
public static class NiftiWriter
{
    private const int VoxelOffset = 352; // 348-byte header + 4 bytes of (empty) extension flag

    /// <summary>Writes <paramref name="voxels"/> (first axis fastest) as an image of <paramref name="shape"/>.</summary>
    /// <param name="path">Destination; ".nii.gz" compresses.</param>
    /// <param name="voxels">The values, as many as the shape holds.</param>
    /// <param name="shape">1 to 7 positive sizes.</param>
    /// <param name="affine">4 x 4 voxel-to-world matrix; identity when null. Voxel sizes are its column norms.</param>
    /// <param name="dataType">Float32, Int16 or UInt8; integer types require integral values within range.</param>
    /// <exception cref="ArgumentException">The shape, affine or values do not fit; the message says which.</exception>
    public static void Write(string path, ReadOnlySpan<float> voxels, IReadOnlyList<long> shape, double[,]? affine = null, NiftiDataType dataType = NiftiDataType.Float32)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count is < 1 or > 7 || shape.Any(d => d < 1 || d > short.MaxValue))
            throw new ArgumentException($"The shape must have 1 to 7 sizes between 1 and {short.MaxValue}, but is [{string.Join(", ", shape)}].", nameof(shape));
        long count = shape.Aggregate(1L, (p, d) => p * d);
        if (voxels.Length != count)
            throw new ArgumentException($"The shape [{string.Join(", ", shape)}] holds {count} voxels, but {voxels.Length} values were given.", nameof(voxels));
        if (dataType is not (NiftiDataType.Float32 or NiftiDataType.Int16 or NiftiDataType.UInt8))
            throw new ArgumentException($"Writing {dataType} is not supported; use Float32, Int16 or UInt8.", nameof(dataType));
        affine ??= new double[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } };
        if (affine.GetLength(0) != 4 || affine.GetLength(1) != 4)
            throw new ArgumentException("The affine must be 4 x 4.", nameof(affine));
        byte[] data = Encode(voxels, dataType);

        string full = Path.GetFullPath(path);
        AtomicFile.Write(full, temporary =>
        {
            using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write);
            using Stream stream = full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Fastest) : file;
            stream.Write(Header(shape, affine, dataType));
            stream.Write(data);
        });
    }

    private static byte[] Encode(ReadOnlySpan<float> voxels, NiftiDataType dataType)
    {
        int size = NiftiDataTypes.BitsPerVoxel(dataType) / 8;
        byte[] data = new byte[voxels.Length * size];
        for (int i = 0; i < voxels.Length; i++)
        {
            float v = voxels[i];
            switch (dataType)
            {
                case NiftiDataType.Float32:
                    BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), v);
                    break;
                case NiftiDataType.Int16:
                    BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), (short)Integral(v, short.MinValue, short.MaxValue, i, dataType));
                    break;
                default:
                    data[i] = (byte)Integral(v, byte.MinValue, byte.MaxValue, i, dataType);
                    break;
            }
        }
        return data;
    }

    private static float Integral(float value, float min, float max, int index, NiftiDataType dataType)
    {
        if (!(value >= min && value <= max) || value != MathF.Round(value))
            throw new ArgumentException($"Voxel {index} is {value}, which {dataType} cannot hold exactly (integers from {min} to {max}).", "voxels");
        return value;
    }

    private static byte[] Header(IReadOnlyList<long> shape, double[,] affine, NiftiDataType dataType)
    {
        byte[] h = new byte[VoxelOffset];
        var span = h.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, NiftiHeader.Nifti1Size);
        BinaryPrimitives.WriteInt16LittleEndian(span[40..], (short)shape.Count);
        for (int i = 0; i < 7; i++)
            BinaryPrimitives.WriteInt16LittleEndian(span[(42 + 2 * i)..], (short)(i < shape.Count ? shape[i] : 1));
        BinaryPrimitives.WriteInt16LittleEndian(span[70..], (short)dataType);
        BinaryPrimitives.WriteInt16LittleEndian(span[72..], (short)NiftiDataTypes.BitsPerVoxel(dataType));
        BinaryPrimitives.WriteSingleLittleEndian(span[76..], 1f); // qfac
        for (int axis = 0; axis < 3; axis++)
        {
            double norm = Math.Sqrt(affine[0, axis] * affine[0, axis] + affine[1, axis] * affine[1, axis] + affine[2, axis] * affine[2, axis]);
            BinaryPrimitives.WriteSingleLittleEndian(span[(80 + 4 * axis)..], (float)norm);
        }
        for (int axis = 3; axis < 7; axis++)
            BinaryPrimitives.WriteSingleLittleEndian(span[(80 + 4 * axis)..], 1f);
        BinaryPrimitives.WriteSingleLittleEndian(span[108..], VoxelOffset);
        BinaryPrimitives.WriteSingleLittleEndian(span[112..], 1f); // scl_slope
        h[123] = 2; // xyzt_units: millimetres
        Encoding.ASCII.GetBytes("Wsp").CopyTo(span[148..]);
        BinaryPrimitives.WriteInt16LittleEndian(span[254..], 1); // sform_code: scanner
        for (int row = 0; row < 3; row++)
            for (int column = 0; column < 4; column++)
                BinaryPrimitives.WriteSingleLittleEndian(span[(280 + 16 * row + 4 * column)..], (float)affine[row, column]);
        Encoding.ASCII.GetBytes("n+1\0").CopyTo(span[344..]);
        return h;
    }
}
