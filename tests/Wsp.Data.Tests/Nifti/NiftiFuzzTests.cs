using System.Buffers.Binary;
using CsCheck;
using Wsp.Data.Nifti;
using Wsp.Data.Tests.Volumes;
using Xunit.Abstractions;

namespace Wsp.Data.Tests.Nifti;

/// <summary>
/// Seeded random mutations of small real files from ../shared/nifti (CsCheck; a failure prints the seed that
/// reproduces it). Every mutated file must read correctly or fail with a named exception that names the
/// file; never another exception type, never silently different voxels where the mutation leaves the data
/// intact. Each property runs a fixed number of cases, a few seconds in all.
/// </summary>
public sealed class NiftiFuzzTests : IDisposable
{
    private static readonly string[] Uncompressed =
    {
        "niftirs__27_int16.nii", "niftirs__27_float64.nii", "niftireaderjs__5D_small.nii", "deb-nibabel__row_major.dconn.nii",
    };

    private static readonly string[] Gzipped =
    {
        "deb-nibabel__standard.nii.gz", "niivue__demos_images_low_res.nii.gz", "deb-nibabel__example_nifti2.nii.gz", "totalseg__example_seg.nii.gz",
    };

    // NIfTI-1 header bytes that no reader decision depends on: data_type, db_name, extents, session_error,
    // regular, dim_info, intent_p1..3, slice_start, slice_end, slice_code, cal_max, cal_min,
    // slice_duration, toffset, glmax, descrip, aux_file, intent_name.
    private static readonly (int From, int To)[] UnusedNifti1Bytes =
    {
        (4, 40), (56, 68), (74, 76), (120, 123), (124, 144), (148, 252), (328, 344),
    };

    private readonly ITestOutputHelper _output;
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-fuzz-").FullName;
    private int _case;

    public NiftiFuzzTests(ITestOutputHelper output) => _output = output;

    private sealed record Original(string Name, byte[] Bytes, int[] Shape, double[] Voxels);

    private static readonly Lazy<Original[]> Originals = new(() => Uncompressed.Concat(Gzipped).Select(Load).ToArray());

    private static Original Load(string name)
    {
        string path = RealImages.PathOf(name);
        NiftiFile file = NiftiFile.Open(path);
        return new Original(name, File.ReadAllBytes(path), file.Header.Shape.Select(d => (int)d).ToArray(), file.ReadVoxels<double>());
    }

    private static Original[] Files(bool gzipped) => Originals.Value.Where(o => o.Name.EndsWith(".gz", StringComparison.Ordinal) == gzipped).ToArray();

    [Fact]
    public void AnyByteOverwrite_ReadsOrFailsByName()
    {
        Original[] files = Originals.Value;
        var outcomes = new FuzzOutcomes("any byte overwritten, 1 to 3 bytes, all 8 files");
        Gen<(int File, int[] At, byte[] Values)> cases =
            from f in Gen.Int[0, files.Length - 1]
            from at in Gen.Int[0, int.MaxValue].Array[1, 3]
            from values in Gen.Byte.Array[3]
            select (f, at, values);

        cases.Sample(c =>
        {
            Original original = files[c.File];
            byte[] bytes = (byte[])original.Bytes.Clone();
            for (int i = 0; i < c.At.Length; i++)
                bytes[c.At[i] % bytes.Length] = c.Values[i];
            // A gzip stream either fails or inflates to the bytes its CRC-32 vouches for; raw bytes may mean anything.
            outcomes.Add(ReadMutated(original, bytes, mustMatchIfRead: original.Name.EndsWith(".gz", StringComparison.Ordinal)));
        }, iter: 1000, threads: 1);

        outcomes.Print(_output);
    }

    [Fact]
    public void UnusedHeaderBytes_LeaveTheVoxelsIntact()
    {
        // NIfTI-1 files only: the unused ranges are those of the 348-byte header.
        Original[] files = Files(gzipped: false).Where(o => BitConverter.ToInt32(o.Bytes, 0) == 348).ToArray();
        files.Should().NotBeEmpty();
        var outcomes = new FuzzOutcomes($"unused NIfTI-1 header bytes overwritten, {files.Length} files");
        Gen<(int File, int[] At, byte[] Values)> cases =
            from f in Gen.Int[0, files.Length - 1]
            from at in Gen.Int[0, int.MaxValue].Array[1, 4]
            from values in Gen.Byte.Array[4]
            select (f, at, values);

        cases.Sample(c =>
        {
            Original original = files[c.File];
            byte[] bytes = (byte[])original.Bytes.Clone();
            int unused = UnusedNifti1Bytes.Sum(r => r.To - r.From);
            for (int i = 0; i < c.At.Length; i++)
                bytes[UnusedOffset(c.At[i] % unused)] = c.Values[i];
            string outcome = ReadMutated(original, bytes, mustMatchIfRead: true);
            outcome.Should().Be("read, identical voxels", "an unused header byte changes nothing");
            outcomes.Add(outcome);
        }, iter: 600, threads: 1);

        outcomes.Print(_output);
    }

    [Fact]
    public void GzipBitFlipsAndTruncation_FailOrGiveIdenticalVoxels()
    {
        Original[] files = Files(gzipped: true);
        var outcomes = new FuzzOutcomes($"gzip bytes flipped (1 to 2 bits) or file cut, {files.Length} files");
        Gen<(int File, bool Cut, int[] At, int Bit)> cases =
            from f in Gen.Int[0, files.Length - 1]
            from cut in Gen.Bool
            from at in Gen.Int[0, int.MaxValue].Array[1, 2]
            from bit in Gen.Int[0, 7]
            select (f, cut, at, bit);

        cases.Sample(c =>
        {
            Original original = files[c.File];
            byte[] bytes;
            if (c.Cut)
            {
                bytes = original.Bytes[..(c.At[0] % original.Bytes.Length)];
            }
            else
            {
                bytes = (byte[])original.Bytes.Clone();
                foreach (int at in c.At)
                    bytes[at % bytes.Length] ^= (byte)(1 << c.Bit);
            }
            string outcome = ReadMutated(original, bytes, mustMatchIfRead: true);
            if (c.Cut)
                outcome.Should().NotStartWith("read", "a cut gzip file has lost its trailer");
            outcomes.Add((c.Cut ? "cut: " : "flip: ") + outcome);
        }, iter: 600, threads: 1);

        outcomes.Print(_output);
    }

    [Fact]
    public void UncompressedTruncation_FailsOrKeepsTheVoxels()
    {
        Original[] files = Files(gzipped: false);
        var outcomes = new FuzzOutcomes($"uncompressed file cut, {files.Length} files");
        Gen<(int File, int Length)> cases = Gen.Select(Gen.Int[0, files.Length - 1], Gen.Int[0, int.MaxValue]);

        cases.Sample(c =>
        {
            Original original = files[c.File];
            outcomes.Add(ReadMutated(original, original.Bytes[..(c.Length % original.Bytes.Length)], mustMatchIfRead: true));
        }, iter: 300, threads: 1);

        outcomes.Print(_output);
    }

    [Fact]
    public void RandomDimensions_AreANamedErrorOrAnExactRead_WithoutLargeAllocations()
    {
        var outcomes = new FuzzOutcomes("random NIfTI-1 (16-bit) and NIfTI-2 (64-bit) dimensions over 4096 bytes of data");
        Gen<long> size = Gen.Frequency(
            (4, Gen.Long[-2, 70]), (2, Gen.Long[0, 40_000]), (1, Gen.Long[-(1L << 40), 1L << 40]),
            (1, Gen.OneOfConst(1L << 31, 1L << 32, 1L << 33, (1L << 62) + 1, long.MaxValue, -1L, 27307L, 6L)));
        Gen<(bool Nifti2, long Rank, long[] Dims, int Glmin)> cases =
            from nifti2 in Gen.Bool
            from rank in Gen.Long[-1, 8]
            from dims in size.Array[7]
            from glmin in Gen.Int[-5, 5000]
            select (nifti2, rank, dims, glmin);

        cases.Sample(c =>
        {
            byte[] bytes;
            if (c.Nifti2)
            {
                bytes = TestImages.Nifti2(new[] { c.Rank }.Concat(c.Dims).ToArray(), 4096);
            }
            else
            {
                bytes = TestImages.Nifti1(new long[] { 32, 32 });
                TestImages.SetDims(bytes, new[] { c.Rank }.Concat(c.Dims).Select(d => unchecked((short)d)).ToArray());
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(144), c.Glmin);
            }
            string name = $"dims{Interlocked.Increment(ref _case)}.nii";
            string path = Path.Combine(_folder, name);
            File.WriteAllBytes(path, bytes);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                NiftiFile file = NiftiFile.Open(path);
                float[] voxels = file.ReadVoxels<float>();
                voxels.LongLength.Should().Be(file.Header.Shape.Aggregate(1L, (p, d) => p * d));
                (voxels.LongLength * 4).Should().BeLessThanOrEqualTo(4096, "only what the file holds can be read");
                outcomes.Add("read");
            }
            catch (NiftiFormatException e)
            {
                e.Message.Should().Contain(name);
                outcomes.Add("NiftiFormatException");
            }
            finally
            {
                File.Delete(path);
            }
            (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(8 << 20, "nothing of an announced size is allocated before the checks");
        }, iter: 1000, threads: 1);

        outcomes.Print(_output);
    }

    private static int UnusedOffset(int k)
    {
        foreach ((int from, int to) in UnusedNifti1Bytes)
        {
            if (k < to - from) return from + k;
            k -= to - from;
        }
        throw new ArgumentOutOfRangeException(nameof(k));
    }

    // Writes the mutated bytes under a fresh name, reads them whole, and classifies what happened; anything
    // but a read or a named, file-naming exception fails the property.
    private string ReadMutated(Original original, byte[] bytes, bool mustMatchIfRead)
    {
        string name = $"case{Interlocked.Increment(ref _case)}-{original.Name}";
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        try
        {
            NiftiFile file = NiftiFile.Open(path);
            double[] voxels = file.ReadVoxels<double>();
            bool identical = voxels.AsSpan().SequenceEqual(original.Voxels) && file.Header.Shape.Select(d => (int)d).SequenceEqual(original.Shape);
            if (mustMatchIfRead && !identical)
                throw new InvalidOperationException($"{name}: read without an error, but the voxels or shape differ from the unmutated file.");
            return identical ? "read, identical voxels" : "read, header changed";
        }
        catch (Exception e) when (e is NiftiFormatException or NotSupportedException or FileNotFoundException)
        {
            e.Message.Should().Contain(name, "the error names the file");
            return e.GetType().Name;
        }
        finally
        {
            File.Delete(path);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
