using System.Buffers;
using System.IO.Compression;
using System.Numerics;

namespace Wsp.Data.Nifti;

/// <summary>
/// A NIfTI-1, NIfTI-2 or Analyze 7.5 image on disk: <c>.nii</c>, <c>.nii.gz</c>, or a <c>.hdr</c>/<c>.img</c>
/// pair (each part gzipped or not; compression is detected from the bytes, not the name). Opening reads
/// only the header; voxels are read on demand, whole or as a range of slices along the third axis,
/// streaming through a small buffer so that nothing but the result is held in memory.
/// </summary>
public sealed class NiftiFile
{
    // Deflate cannot compress better than about 1032:1; a header announcing more data than that is lying.
    private const long MaxDeflateRatio = 1032;
    private const int ChunkBytes = 1 << 20;

    private NiftiFile(string headerPath, string dataPath, NiftiHeader header)
    {
        HeaderPath = headerPath;
        DataPath = dataPath;
        Header = header;
    }

    /// <summary>The file holding the header.</summary>
    public string HeaderPath { get; }

    /// <summary>The file holding the voxels (the same file for .nii).</summary>
    public string DataPath { get; }

    /// <summary>The parsed header.</summary>
    public NiftiHeader Header { get; }

    /// <summary>Number of slices along the third axis (1 for 2D images).</summary>
    public long SliceCount => Header.Shape.Count >= 3 ? Header.Shape[2] : 1;

    /// <summary>Voxels in one slice (first axis times second axis).</summary>
    public long VoxelsPerSlice => Header.Shape[0] * (Header.Shape.Count >= 2 ? Header.Shape[1] : 1);

    /// <summary>Reads the header of <paramref name="path"/> without decompressing the voxels.</summary>
    /// <param name="path">A .nii, .nii.gz, .hdr(.gz) or .img(.gz) file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NiftiFormatException">The file is not a valid header; the message says why.</exception>
    public static NiftiFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string headerPath = HeaderPathFor(Path.GetFullPath(path));
        if (!File.Exists(headerPath))
            throw new FileNotFoundException($"NIfTI file not found: {headerPath}", headerPath);

        byte[] bytes = new byte[NiftiHeader.Nifti2Size];
        int read;
        using (Stream stream = OpenMaybeCompressed(headerPath))
            read = ReadUpTo(stream, bytes, headerPath);
        NiftiHeader header = NiftiHeader.Parse(bytes.AsSpan(0, read), headerPath);
        string dataPath = header.IsSingleFile ? headerPath : ImagePathFor(headerPath);
        return new NiftiFile(headerPath, dataPath, header);
    }

    /// <summary>Reads every voxel, scaled by scl_slope/scl_inter, in file order (first axis fastest).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <exception cref="NotSupportedException">RGB, complex and other non-scalar datatypes.</exception>
    /// <exception cref="NiftiFormatException">The file holds less data than its header announces, or its compression is corrupt.</exception>
    public T[] ReadVoxels<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long count = Header.VoxelCount;
        CheckReadable(0, count);
        T[] voxels = GC.AllocateUninitializedArray<T>((int)count); // every element is written below
        ReadRange(0, voxels);
        return voxels;
    }

    /// <summary>
    /// Reads <paramref name="count"/> consecutive slices along the third axis starting at <paramref name="first"/>,
    /// of volume <paramref name="volume"/> (the index over the remaining axes), scaled, first axis fastest.
    /// Uncompressed files seek straight to the slices; gzipped ones stream past the preceding bytes.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="first">First slice index.</param>
    /// <param name="count">Number of slices.</param>
    /// <param name="volume">Index of the 3D volume in a 4D+ image.</param>
    public T[] ReadSlices<T>(long first, long count, long volume = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long start = SliceRangeStart(first, count, volume);
        T[] voxels = GC.AllocateUninitializedArray<T>((int)(count * VoxelsPerSlice));
        ReadRange(start, voxels);
        return voxels;
    }

    /// <summary>As <see cref="ReadSlices{T}(long, long, long)"/>, into <paramref name="destination"/> (count x voxels per slice long), e.g. a pooled buffer.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="first">First slice index.</param>
    /// <param name="count">Number of slices.</param>
    /// <param name="destination">Receives the voxels.</param>
    /// <param name="volume">Index of the 3D volume in a 4D+ image.</param>
    public void ReadSlices<T>(long first, long count, Span<T> destination, long volume = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long start = SliceRangeStart(first, count, volume);
        if (destination.Length != count * VoxelsPerSlice)
            throw new ArgumentException($"{count} slices of {VoxelsPerSlice} voxels need a destination of {count * VoxelsPerSlice}, not {destination.Length}.", nameof(destination));
        ReadRange(start, destination);
    }

    private long SliceRangeStart(long first, long count, long volume)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegative(volume);
        if (first + count > SliceCount)
            throw new ArgumentOutOfRangeException(nameof(count), $"Slices [{first}, {first + count}) are outside the {SliceCount} slices of {HeaderPath}.");
        long volumes = Header.VoxelCount / (VoxelsPerSlice * SliceCount);
        if (volume >= volumes)
            throw new ArgumentOutOfRangeException(nameof(volume), $"Volume {volume} is outside the {volumes} volumes of {HeaderPath}.");

        long start = (volume * SliceCount + first) * VoxelsPerSlice;
        CheckReadable(start, count * VoxelsPerSlice);
        return start;
    }

    private void CheckReadable(long startVoxel, long count)
    {
        if (!NiftiDataTypes.IsScalar(Header.DataType))
            throw new NotSupportedException($"{DataPath}: {Header.DataType} voxels are not supported (only one real value per voxel is); the header is readable.");
        if (count > Array.MaxLength)
            throw new NiftiFormatException(DataPath, $"{count} voxels do not fit one array; read the image slice by slice");
        if (!File.Exists(DataPath))
            throw new FileNotFoundException($"{HeaderPath}: its image file {DataPath} was not found.", DataPath);

        long bytesPerVoxel = Header.BitsPerVoxel / 8;
        long end = Header.VoxelOffset + (startVoxel + count) * bytesPerVoxel;
        long onDisk = new FileInfo(DataPath).Length;
        if (IsGzip(DataPath))
        {
            if (end > onDisk * MaxDeflateRatio + 1024)
                throw new NiftiFormatException(DataPath, $"the header announces {end} bytes, more than {onDisk} compressed bytes can hold");
        }
        else if (end > onDisk)
        {
            throw new NiftiFormatException(DataPath, $"the file has {onDisk} bytes but the header announces voxels up to byte {end}; the file is truncated or the header is wrong");
        }
    }

    private void ReadRange<T>(long startVoxel, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int bytesPerVoxel = Header.BitsPerVoxel / 8;
        long skip = Header.VoxelOffset + startVoxel * bytesPerVoxel;
        var (slope, intercept) = Header.EffectiveScaling;
        var decoder = new VoxelDecoder(Header.DataType, Header.IsBigEndian, slope, intercept);
        byte[] rented = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        byte[] buffer = rented;
        int usable = ChunkBytes - ChunkBytes % bytesPerVoxel;
        try
        {
            using Stream stream = OpenMaybeCompressed(DataPath);
            Skip(stream, skip, buffer);
            int done = 0;
            while (done < destination.Length)
            {
                int want = (int)Math.Min(usable, (long)(destination.Length - done) * bytesPerVoxel);
                int got = ReadUpTo(stream, buffer.AsSpan(0, want), DataPath);
                if (got < want)
                    throw new NiftiFormatException(DataPath, $"truncated: the header announces {(long)destination.Length * bytesPerVoxel} bytes of voxels from byte {skip}, but the data ends after {(long)done * bytesPerVoxel + got}");
                decoder.Decode(buffer.AsSpan(0, got), destination.Slice(done, got / bytesPerVoxel));
                done += got / bytesPerVoxel;
            }
        }
        catch (InvalidDataException e)
        {
            throw new NiftiFormatException(DataPath, "corrupt gzip stream: " + e.Message, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Skip(Stream stream, long bytes, byte[] buffer)
    {
        if (stream.CanSeek)
        {
            stream.Seek(bytes, SeekOrigin.Begin);
            return;
        }
        while (bytes > 0)
        {
            int got = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, bytes));
            if (got == 0)
                throw new NiftiFormatException(DataPath, $"truncated: the data ends before byte {bytes} of the voxel offset");
            bytes -= got;
        }
    }

    private static int ReadUpTo(Stream stream, Span<byte> buffer, string path)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int got = stream.Read(buffer[total..]);
                if (got == 0) break;
                total += got;
            }
        }
        catch (InvalidDataException e)
        {
            throw new NiftiFormatException(path, "corrupt gzip stream: " + e.Message, e);
        }
        return total;
    }

    private static Stream OpenMaybeCompressed(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static bool IsGzip(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16);
        return IsGzip(file);
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        int got = file.Read(magic);
        file.Seek(0, SeekOrigin.Begin);
        return got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private static string HeaderPathFor(string path)
    {
        foreach (string suffix in new[] { ".img.gz", ".img" })
        {
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                string stem = path[..^suffix.Length];
                return new[] { stem + ".hdr", stem + ".hdr.gz" }.FirstOrDefault(File.Exists) ?? stem + ".hdr";
            }
        }
        return path;
    }

    private static string ImagePathFor(string headerPath)
    {
        string stem = headerPath;
        foreach (string suffix in new[] { ".hdr.gz", ".hdr", ".nii.gz", ".nii" })
        {
            if (headerPath.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                stem = headerPath[..^suffix.Length];
                break;
            }
        }
        return new[] { stem + ".img", stem + ".img.gz" }.FirstOrDefault(File.Exists) ?? stem + ".img";
    }
}
