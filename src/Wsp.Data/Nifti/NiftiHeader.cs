using System.Buffers.Binary;
using System.Text;

namespace Wsp.Data.Nifti;

/// <summary>
/// The parsed header of a NIfTI-1, NIfTI-2 or Analyze 7.5 file (either byte order). Parsing checks the
/// fields that later allocations depend on (dimensions, datatype, offset) and rejects absurd values.
/// </summary>
public sealed class NiftiHeader
{
    /// <summary>Bytes of a NIfTI-1 or Analyze header.</summary>
    public const int Nifti1Size = 348;

    /// <summary>Bytes of a NIfTI-2 header.</summary>
    public const int Nifti2Size = 540;

    // The largest image this reader accepts: 2^34 voxels (a 2048^3 volume times 2). Larger dimensions are
    // almost certainly a corrupt header, and are refused before anything is allocated.
    private const long MaxVoxels = 1L << 34;

    private NiftiHeader()
    {
    }

    /// <summary>The header layout.</summary>
    public NiftiFormat Format { get; private init; }

    /// <summary>True when the file is big-endian.</summary>
    public bool IsBigEndian { get; private init; }

    /// <summary>True for a single .nii file; false for a .hdr/.img pair.</summary>
    public bool IsSingleFile { get; private init; }

    /// <summary>
    /// The image shape, dim[1..dim[0]]; for NIfTI-1, with FreeSurfer's conventions read as nibabel reads them
    /// (dim[1] = -1 with the length in glmin; 27307 x 1 x 6 for the 163842 x 1 x 1 ico7 surface).
    /// </summary>
    public IReadOnlyList<long> Shape { get; private init; } = Array.Empty<long>();

    /// <summary>The voxel datatype.</summary>
    public NiftiDataType DataType { get; private init; }

    /// <summary>Bits per voxel as stored in the header.</summary>
    public int BitsPerVoxel { get; private init; }

    /// <summary>pixdim[0..7]: qfac, voxel sizes, time step.</summary>
    public IReadOnlyList<double> PixelDimensions { get; private init; } = Array.Empty<double>();

    /// <summary>Byte offset of the voxels in the data file (vox_offset; 0 for a pair's .img).</summary>
    public long VoxelOffset { get; private init; }

    /// <summary>scl_slope as stored, or SPM's scale factor (funused1) in Analyze files; 0 or non-finite means no scaling.</summary>
    public double ScaleSlope { get; private init; }

    /// <summary>scl_inter as stored.</summary>
    public double ScaleIntercept { get; private init; }

    /// <summary>qform_code (0 for Analyze).</summary>
    public int QFormCode { get; private init; }

    /// <summary>sform_code (0 for Analyze).</summary>
    public int SFormCode { get; private init; }

    /// <summary>quatern_b, quatern_c, quatern_d.</summary>
    public IReadOnlyList<double> Quaternion { get; private init; } = new double[3];

    /// <summary>qoffset_x, qoffset_y, qoffset_z.</summary>
    public IReadOnlyList<double> QOffset { get; private init; } = new double[3];

    /// <summary>srow_x, srow_y, srow_z as a 3 x 4 row-major array.</summary>
    internal double[,] SRows { get; private init; } = new double[3, 4];

    /// <summary>Analyze's originator (1-based voxel of the origin, SPM convention), or zeros.</summary>
    public IReadOnlyList<int> AnalyzeOrigin { get; private init; } = new int[3];

    /// <summary>xyzt_units.</summary>
    public int XyztUnits { get; private init; }

    /// <summary>intent_code.</summary>
    public int IntentCode { get; private init; }

    /// <summary>The description string.</summary>
    public string Description { get; private init; } = "";

    /// <summary>The header's size in bytes (348 or 540).</summary>
    public int HeaderSize => Format == NiftiFormat.Nifti2 ? Nifti2Size : Nifti1Size;

    /// <summary>Total number of voxels.</summary>
    public long VoxelCount => Shape.Aggregate(1L, (product, d) => checked(product * d)); // bounded by parsing

    /// <summary>Bytes of voxel data the header announces.</summary>
    public long DataBytes => VoxelCount * BitsPerVoxel / 8;

    /// <summary>The slope and intercept applied to raw values: (1, 0) unless scl_slope is finite and non-zero.</summary>
    public (double Slope, double Intercept) EffectiveScaling =>
        double.IsFinite(ScaleSlope) && ScaleSlope != 0
            ? (ScaleSlope, double.IsFinite(ScaleIntercept) ? ScaleIntercept : 0)
            : (1, 0);

    /// <summary>The voxel-to-world affine; see <see cref="NiftiAffine"/> for which one.</summary>
    public double[,] Affine => NiftiAffine.Best(this);

    /// <summary>Which affine <see cref="Affine"/> returns.</summary>
    public AffineSource AffineSource => SFormCode > 0 ? AffineSource.SForm : QFormCode > 0 ? AffineSource.QForm : AffineSource.Base;

    /// <summary>Parses a header from the first bytes of a file.</summary>
    /// <param name="bytes">At least 348 bytes (540 for NIfTI-2), or the whole file if shorter.</param>
    /// <param name="path">The file, named in errors.</param>
    /// <exception cref="NiftiFormatException">The bytes are not a valid header.</exception>
    public static NiftiHeader Parse(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < Nifti1Size)
            throw new NiftiFormatException(path, $"only {bytes.Length} bytes, shorter than a NIfTI header (348 bytes); not a NIfTI file, or empty");

        int sizeLittle = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        int sizeBig = BinaryPrimitives.ReadInt32BigEndian(bytes);
        bool bigEndian;
        int size;
        if (sizeLittle is Nifti1Size or Nifti2Size) (bigEndian, size) = (false, sizeLittle);
        else if (sizeBig is Nifti1Size or Nifti2Size) (bigEndian, size) = (true, sizeBig);
        else throw new NiftiFormatException(path, "sizeof_hdr is neither 348 nor 540 in either byte order; not a NIfTI or Analyze file");

        if (size == Nifti2Size && bytes.Length < Nifti2Size)
            throw new NiftiFormatException(path, $"truncated NIfTI-2 header: {bytes.Length} of 540 bytes");
        byte[] copy = bytes[..size].ToArray();
        var reader = new EndianReader(copy, bigEndian);
        return size == Nifti2Size ? ParseNifti2(reader, copy, path) : ParseNifti1(reader, copy, path);
    }

    private static NiftiHeader ParseNifti1(EndianReader r, byte[] b, string path)
    {
        string magic = Ascii(b.AsSpan(344, 4));
        NiftiFormat format = magic is "n+1" or "ni1" ? NiftiFormat.Nifti1 : NiftiFormat.Analyze75;
        long[] dim = Enumerable.Range(0, 8).Select(i => (long)r.Int16(40 + 2 * i)).ToArray();
        if (format == NiftiFormat.Nifti1)
            ApplyFreeSurferShape(dim, r.Int32(144), path);
        double[] pixdim = Enumerable.Range(0, 8).Select(i => (double)r.Single(76 + 4 * i)).ToArray();
        bool nifti = format == NiftiFormat.Nifti1;
        var header = new NiftiHeader
        {
            Format = format,
            IsBigEndian = r.BigEndian,
            IsSingleFile = magic == "n+1",
            DataType = (NiftiDataType)r.Int16(70),
            BitsPerVoxel = r.Int16(72),
            PixelDimensions = pixdim,
            VoxelOffset = (long)r.Single(108),
            // Analyze files use the same bytes for SPM's scale factor and intercept (funused1, funused2), as nibabel reads them.
            ScaleSlope = r.Single(112),
            ScaleIntercept = r.Single(116),
            XyztUnits = b[123],
            Description = Ascii(b.AsSpan(148, 80)),
            QFormCode = nifti ? r.Int16(252) : 0,
            SFormCode = nifti ? r.Int16(254) : 0,
            Quaternion = nifti ? new double[] { r.Single(256), r.Single(260), r.Single(264) } : new double[3],
            QOffset = nifti ? new double[] { r.Single(268), r.Single(272), r.Single(276) } : new double[3],
            SRows = nifti ? Rows(k => r.Single(280 + 4 * k)) : new double[3, 4],
            AnalyzeOrigin = nifti ? new int[3] : new int[] { r.Int16(253), r.Int16(255), r.Int16(257) },
            IntentCode = nifti ? r.Int16(68) : 0,
            Shape = CheckedShape(dim, path),
        };
        return header.Validated(path, r.Single(108));
    }

    private static NiftiHeader ParseNifti2(EndianReader r, byte[] b, string path)
    {
        string magic = Ascii(b.AsSpan(4, 3));
        if (magic is not ("n+2" or "ni2"))
            throw new NiftiFormatException(path, $"a 540-byte header without the NIfTI-2 magic (found '{magic}')");
        long[] dim = Enumerable.Range(0, 8).Select(i => r.Int64(16 + 8 * i)).ToArray();
        var header = new NiftiHeader
        {
            Format = NiftiFormat.Nifti2,
            IsBigEndian = r.BigEndian,
            IsSingleFile = magic == "n+2",
            DataType = (NiftiDataType)r.Int16(12),
            BitsPerVoxel = r.Int16(14),
            PixelDimensions = Enumerable.Range(0, 8).Select(i => r.Double(104 + 8 * i)).ToArray(),
            VoxelOffset = r.Int64(168),
            ScaleSlope = r.Double(176),
            ScaleIntercept = r.Double(184),
            Description = Ascii(b.AsSpan(240, 80)),
            QFormCode = r.Int32(344),
            SFormCode = r.Int32(348),
            Quaternion = new[] { r.Double(352), r.Double(360), r.Double(368) },
            QOffset = new[] { r.Double(376), r.Double(384), r.Double(392) },
            SRows = Rows(k => r.Double(400 + 8 * k)),
            XyztUnits = r.Int32(500),
            IntentCode = r.Int32(504),
            Shape = CheckedShape(dim, path),
        };
        return header.Validated(path, header.VoxelOffset);
    }

    private NiftiHeader Validated(string path, double rawOffset)
    {
        int expectedBits = NiftiDataTypes.BitsPerVoxel(DataType);
        if (expectedBits == 0)
            throw new NiftiFormatException(path, $"unknown datatype code {(short)DataType}");
        if (BitsPerVoxel != expectedBits && Format != NiftiFormat.Analyze75)
            throw new NiftiFormatException(path, $"bitpix {BitsPerVoxel} does not match datatype {DataType} ({expectedBits} bits)");
        if (!double.IsFinite(rawOffset) || rawOffset < 0 || rawOffset > int.MaxValue)
            throw new NiftiFormatException(path, $"vox_offset {rawOffset} is not a valid byte offset");
        if (IsSingleFile && VoxelOffset < HeaderSize)
            throw new NiftiFormatException(path, $"vox_offset {VoxelOffset} points inside the {HeaderSize}-byte header");
        // Analyze files store datatype and bitpix loosely; trust the datatype.
        return BitsPerVoxel == expectedBits ? this : new NiftiHeader
        {
            Format = Format, IsBigEndian = IsBigEndian, IsSingleFile = IsSingleFile, Shape = Shape, DataType = DataType,
            BitsPerVoxel = expectedBits, PixelDimensions = PixelDimensions, VoxelOffset = VoxelOffset, ScaleSlope = ScaleSlope,
            ScaleIntercept = ScaleIntercept, QFormCode = QFormCode, SFormCode = SFormCode, Quaternion = Quaternion, QOffset = QOffset,
            SRows = SRows, AnalyzeOrigin = AnalyzeOrigin, XyztUnits = XyztUnits, IntentCode = IntentCode, Description = Description,
        };
    }

    // FreeSurfer's conventions for vectors longer than a 16-bit dim allows, which nibabel applies to every NIfTI-1
    // header (not Analyze, not NIfTI-2): dim[1..3] = (-1, 1, 1) with the true length in glmin, and the ico7
    // surface's 163842 vertices stored as 27307 x 1 x 6.
    private static void ApplyFreeSurferShape(long[] dim, int glmin, string path)
    {
        if (dim[0] < 3) return;
        if (dim[1] == -1 && dim[2] == 1 && dim[3] == 1)
        {
            if (glmin <= 0)
                throw new NiftiFormatException(path, $"dim[1] = -1 (FreeSurfer's large-vector header) but glmin = {glmin} does not give the vector's length");
            dim[1] = glmin;
        }
        else if (dim[1] == 27307 && dim[2] == 1 && dim[3] == 6)
        {
            (dim[1], dim[3]) = (163842, 1);
        }
    }

    private static long[] CheckedShape(long[] dim, string path)
    {
        long rank = dim[0];
        if (rank is < 1 or > 7)
            throw new NiftiFormatException(path, $"dim[0] = {rank} is not a number of dimensions between 1 and 7");
        long[] shape = dim.Skip(1).Take((int)rank).ToArray();
        long voxels = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 1)
                throw new NiftiFormatException(path, $"dim[{i + 1}] = {shape[i]} is not a positive size");
            // Divide rather than multiply: 64-bit NIfTI-2 dimensions such as 2^32 x 2^32 would wrap to 0.
            if (shape[i] > MaxVoxels / voxels)
                throw new NiftiFormatException(path, $"dimensions [{string.Join(", ", shape)}] announce more than {MaxVoxels} voxels; the header is corrupt");
            voxels *= shape[i];
        }
        return shape;
    }

    private static double[,] Rows(Func<int, double> read)
    {
        var rows = new double[3, 4];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                rows[i, j] = read(4 * i + j);
        return rows;
    }

    private static string Ascii(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? bytes : bytes[..end]).TrimEnd();
    }

    private readonly struct EndianReader
    {
        private readonly byte[] _bytes;

        public EndianReader(byte[] bytes, bool bigEndian)
        {
            _bytes = bytes;
            BigEndian = bigEndian;
        }

        public bool BigEndian { get; }

        public short Int16(int at) => BigEndian ? BinaryPrimitives.ReadInt16BigEndian(_bytes.AsSpan(at)) : BinaryPrimitives.ReadInt16LittleEndian(_bytes.AsSpan(at));

        public int Int32(int at) => BigEndian ? BinaryPrimitives.ReadInt32BigEndian(_bytes.AsSpan(at)) : BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(at));

        public long Int64(int at) => BigEndian ? BinaryPrimitives.ReadInt64BigEndian(_bytes.AsSpan(at)) : BinaryPrimitives.ReadInt64LittleEndian(_bytes.AsSpan(at));

        public float Single(int at) => BigEndian ? BinaryPrimitives.ReadSingleBigEndian(_bytes.AsSpan(at)) : BinaryPrimitives.ReadSingleLittleEndian(_bytes.AsSpan(at));

        public double Double(int at) => BigEndian ? BinaryPrimitives.ReadDoubleBigEndian(_bytes.AsSpan(at)) : BinaryPrimitives.ReadDoubleLittleEndian(_bytes.AsSpan(at));
    }
}
