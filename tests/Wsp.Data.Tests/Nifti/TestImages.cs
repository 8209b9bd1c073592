using System.Buffers.Binary;
using System.IO.Compression;
using Wsp.Data.Nifti;

namespace Wsp.Data.Tests.Nifti;

/// <summary>Small NIfTI images as bytes, to edit before writing them out.</summary>
internal static class TestImages
{
    /// <summary>An uncompressed little-endian NIfTI-1 float32 image (352-byte offset) holding 0, 1, 2, ...</summary>
    public static byte[] Nifti1(long[] shape, double[,]? affine = null)
    {
        string path = Path.Combine(Path.GetTempPath(), $"wsp-image-{Guid.NewGuid():N}.nii");
        try
        {
            long count = shape.Aggregate(1L, (p, d) => p * d);
            NiftiWriter.Write(path, Enumerable.Range(0, (int)count).Select(i => (float)i).ToArray(), shape, affine);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A 544-byte-offset NIfTI-2 float32 header with <paramref name="dims"/> (dim[0..]) followed by <paramref name="dataBytes"/> zero bytes.</summary>
    public static byte[] Nifti2(long[] dims, int dataBytes)
    {
        var bytes = new byte[544 + dataBytes];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 540);
        "n+2\0\r\n\u001a\n"u8.CopyTo(bytes.AsSpan(4));
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(12), (short)NiftiDataType.Float32);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(14), 32);
        for (int i = 0; i < dims.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16 + 8 * i), dims[i]);
        for (int i = 0; i < 8; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(104 + 8 * i), 1);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(168), 544);
        return bytes;
    }

    /// <summary>Sets the NIfTI-1 dim array (dim[0] and the sizes).</summary>
    public static void SetDims(byte[] nifti1, params short[] dims)
    {
        for (int i = 0; i < 8; i++)
            BinaryPrimitives.WriteInt16LittleEndian(nifti1.AsSpan(40 + 2 * i), i < dims.Length ? dims[i] : (short)0);
    }

    /// <summary>One gzip member of <paramref name="bytes"/>.</summary>
    public static byte[] Gzip(byte[] bytes, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level, leaveOpen: true))
            gzip.Write(bytes);
        return output.ToArray();
    }
}
