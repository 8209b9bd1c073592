using System.Buffers;
using System.Buffers.Binary;
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
    /// <remarks>A gzipped file is inflated to its end and its trailer checked (CRC-32 and length of every member), so
    /// corrupt or truncated compressed data is an error, never wrong voxels.</remarks>
    /// <exception cref="NiftiFormatException">The file holds less data than its header announces, or its compression is corrupt or truncated.</exception>
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
    /// <remarks>
    /// Integrity of gzipped files: when the range ends at the image's last voxel (all the slices of a 3D image,
    /// or of the last volume), the stream is inflated to its end and its trailer checked, as by
    /// <see cref="ReadVoxels{T}"/>. A range that stops earlier is not checked against the CRC-32: bytes that
    /// fail to inflate are still an error, but a corruption that inflates to other bytes, or a truncation after
    /// the range, is not seen; call <see cref="Verify"/> to check the whole file.
    /// </remarks>
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
    /// <remarks>What is verified in gzipped files: see <see cref="ReadSlices{T}(long, long, long)"/>.</remarks>
    public void ReadSlices<T>(long first, long count, Span<T> destination, long volume = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long start = SliceRangeStart(first, count, volume);
        if (destination.Length != count * VoxelsPerSlice)
            throw new ArgumentException($"{count} slices of {VoxelsPerSlice} voxels need a destination of {count * VoxelsPerSlice}, not {destination.Length}.", nameof(destination));
        ReadRange(start, destination);
    }

    // Every check that a read of these slices makes before it allocates or reads (also used by CanonicalVolume).
    internal long SliceRangeStart(long first, long count, long volume)
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
            throw new NotSupportedException($"{HeaderPath}: {Header.DataType} voxels are not supported (only one real value per voxel is); the header is readable.");
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
            CheckInflatedLength(end);
        }
        else if (end > onDisk)
        {
            throw new NiftiFormatException(DataPath, $"the file has {onDisk} bytes but the header announces voxels up to byte {end}; the file is truncated or the header is wrong");
        }
    }

    // The trailer's ISIZE is the (last) member's length modulo 2^32. When it is at least the announced end, or
    // the end lies beyond 4 GiB where ISIZE wraps, nothing is learnt. When it is smaller, the file is truncated,
    // its header lies, or it has several members: inflate once, keeping nothing, to tell before the caller
    // allocates the announced size.
    private void CheckInflatedLength(long end)
    {
        long length = new FileInfo(DataPath).Length;
        if (end >= 1L << 32 || length < 4)
            return;
        Span<byte> last = stackalloc byte[4];
        using (FileStream file = OpenFile(DataPath))
        {
            file.Seek(length - 4, SeekOrigin.Begin);
            file.ReadExactly(last);
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(last) >= end)
            return;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            using Stream stream = OpenMaybeCompressed(DataPath);
            long inflated = 0;
            int got;
            while (inflated < end && (got = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, end - inflated))) > 0)
                inflated += got;
            if (inflated < end)
                throw new NiftiFormatException(DataPath, $"truncated: the header announces voxels up to byte {end}, but the data inflates to {inflated} bytes");
        }
        catch (InvalidDataException e)
        {
            throw CorruptGzip(e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ReadRange<T>(long startVoxel, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int bytesPerVoxel = Header.BitsPerVoxel / 8;
        long skip = Header.VoxelOffset + startVoxel * bytesPerVoxel;
        // A range that ends at the last voxel has inflated nearly everything: finishing costs little and
        // lets the gzip trailer be checked. A range that stops earlier is not verified (see the docs).
        bool reachesEnd = startVoxel + destination.Length == Header.VoxelCount;
        var (slope, intercept) = Header.EffectiveScaling;
        var decoder = new VoxelDecoder(Header.DataType, Header.IsBigEndian, slope, intercept);
        byte[] rented = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        byte[] buffer = rented;
        int usable = ChunkBytes - ChunkBytes % bytesPerVoxel;
        try
        {
            using FileStream file = OpenFile(DataPath);
            using Crc32Stream? inflated = IsGzip(file) ? new Crc32Stream(new GZipStream(file, CompressionMode.Decompress, leaveOpen: true)) : null;
            Stream stream = (Stream?)inflated ?? file;
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
            if (inflated is not null && reachesEnd)
                VerifyGzip(inflated, file, buffer);
        }
        catch (InvalidDataException e)
        {
            throw CorruptGzip(e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Checks that a gzipped data file is intact: inflates it to the end, so that every gzip member's CRC-32
    /// and length are checked, and checks that the file ends with the trailer of a complete member (a
    /// truncated file does not). Reads of slices that stop before the last voxel do not check this; call it
    /// to verify such a file. Uncompressed files are checked against the size the header announces.
    /// </summary>
    /// <exception cref="NiftiFormatException">The compressed data is corrupt or truncated, or the file is shorter than its header announces.</exception>
    /// <exception cref="FileNotFoundException">The image file of a .hdr/.img pair is missing.</exception>
    public void Verify()
    {
        if (!File.Exists(DataPath))
            throw new FileNotFoundException($"{HeaderPath}: its image file {DataPath} was not found.", DataPath);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            using FileStream file = OpenFile(DataPath);
            long end = Header.VoxelOffset + Header.DataBytes;
            if (!IsGzip(file))
            {
                if (end > file.Length)
                    throw new NiftiFormatException(DataPath, $"the file has {file.Length} bytes but the header announces voxels up to byte {end}; the file is truncated or the header is wrong");
                return;
            }
            using var inflated = new Crc32Stream(new GZipStream(file, CompressionMode.Decompress, leaveOpen: true));
            VerifyGzip(inflated, file, buffer);
            if (inflated.BytesRead < end)
                throw new NiftiFormatException(DataPath, $"truncated: the header announces voxels up to byte {end}, but the data inflates to {inflated.BytesRead} bytes");
        }
        catch (InvalidDataException e)
        {
            throw CorruptGzip(e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Inflates the rest of the stream (zlib then checks each member's CRC-32 and length) and checks that the
    // file ends with a complete member: GZipStream ends a truncated stream silently, without an error.
    private void VerifyGzip(Crc32Stream inflated, FileStream file, byte[] buffer)
    {
        while (inflated.Read(buffer, 0, buffer.Length) > 0)
        {
        }
        long total = inflated.BytesRead;
        List<(uint Crc, uint Size)> trailers = CandidateTrailers(file);
        if (trailers.Any(t => t.Crc == inflated.Crc && t.Size == (uint)total))
            return;
        // Several members (e.g. bgzip): the trailer covers only the last one, the last `size` bytes (modulo 2^32).
        // Inflate again and check the CRC of that suffix; a truncated file fails this too.
        foreach ((uint crc, uint size) in trailers.Distinct())
        {
            if (size > 0 && size < total && SuffixCrc(file, total - size, buffer) == crc)
                return;
        }
        (uint lastCrc, uint lastSize) = trailers[0];
        throw new NiftiFormatException(DataPath, $"corrupt or truncated gzip data: the file does not end with the trailer of its data (CRC-32 {inflated.Crc:x8} of {total} inflated bytes; the last 8 bytes say {lastCrc:x8} of {lastSize} bytes)");
    }

    // The 8-byte trailers the file may end with: at its very end, or before zero padding (which gzip readers,
    // Python's among them, accept after the last member). The trailer's own last bytes may be zeros too, so
    // every end from just after the last non-zero byte to 8 bytes later is a candidate.
    private List<(uint Crc, uint Size)> CandidateTrailers(FileStream file)
    {
        long length = file.Length;
        int tail = (int)Math.Min(length, 1 << 16);
        byte[] bytes = new byte[tail];
        file.Seek(length - tail, SeekOrigin.Begin);
        file.ReadExactly(bytes);
        int lastNonZero = Array.FindLastIndex(bytes, b => b != 0);
        var trailers = new List<(uint, uint)>();
        for (int end = tail; end >= 8 && end > lastNonZero; end--)
        {
            if (end <= lastNonZero + 8 || end == tail)
                trailers.Add((BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end - 8)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end - 4))));
        }
        if (length < 18 || trailers.Count == 0) // a gzip member is at least a 10-byte header and an 8-byte trailer
            throw new NiftiFormatException(DataPath, $"truncated gzip data: {length} bytes cannot hold a gzip member");
        return trailers;
    }

    private uint SuffixCrc(FileStream file, long from, byte[] buffer)
    {
        file.Seek(0, SeekOrigin.Begin);
        using var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
        Skip(gzip, from, buffer);
        using var suffix = new Crc32Stream(gzip);
        while (suffix.Read(buffer, 0, buffer.Length) > 0)
        {
        }
        return suffix.Crc;
    }

    // .NET reports a failed CRC or length check as an "unsupported compression method"; say what it means.
    private NiftiFormatException CorruptGzip(InvalidDataException e) =>
        new(DataPath, "corrupt gzip data (invalid deflate data, or a failed CRC-32 or length check): " + e.Message, e);

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
            throw new NiftiFormatException(path, "corrupt gzip data (invalid deflate data, or a failed CRC-32 or length check): " + e.Message, e);
        }
        return total;
    }

    private static Stream OpenMaybeCompressed(string path)
    {
        FileStream file = OpenFile(path);
        return IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static FileStream OpenFile(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

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
