using System.IO.Compression;
using Wsp.Data.Nifti;

namespace Wsp.Data.Tests.Nifti;

public sealed class NiftiFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-nifti-").FullName;

    private string TempFile(string name) => Path.Combine(_folder, name);

    [Theory]
    [InlineData("volume.nii", NiftiDataType.Float32)]
    [InlineData("volume.nii.gz", NiftiDataType.Float32)]
    [InlineData("labels.nii.gz", NiftiDataType.Int16)]
    [InlineData("mask.nii", NiftiDataType.UInt8)]
    public void Writer_Output_ReadsBackExactly(string name, NiftiDataType type)
    {
        long[] shape = { 5, 4, 3 };
        float[] values = Enumerable.Range(0, 60).Select(i => type == NiftiDataType.Float32 ? i * 0.25f - 3 : i).ToArray();
        var affine = new double[,] { { -0.8, 0, 0, 10 }, { 0, 0.8, 0, -20 }, { 0, 0, 2.5, 30 }, { 0, 0, 0, 1 } };

        NiftiWriter.Write(TempFile(name), values, shape, affine, type);
        NiftiFile file = NiftiFile.Open(TempFile(name));

        file.Header.Shape.Should().Equal(shape);
        file.Header.DataType.Should().Be(type);
        file.Header.PixelDimensions.Skip(1).Take(3).Should().Equal(new[] { 0.8, 0.8, 2.5 }, (a, b) => Math.Abs(a - b) < 1e-6);
        file.ReadVoxels<float>().Should().Equal(values);
        double[,] read = file.Header.Affine;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                read[i, j].Should().BeApproximately(affine[i, j], 1e-6);
        Directory.GetFiles(_folder, "*.tmp-*").Should().BeEmpty("the writer renames its temporary file");
    }

    [Fact]
    public void Writer_ValuesOutOfRange_NamesTheVoxel()
    {
        Action write = () => NiftiWriter.Write(TempFile("bad.nii"), new[] { 1f, 70000f }, new long[] { 2 }, dataType: NiftiDataType.Int16);
        write.Should().Throw<ArgumentException>().WithMessage("*Voxel 1 is 70000*Int16*");
        File.Exists(TempFile("bad.nii")).Should().BeFalse();
    }

    [Theory]
    [InlineData("ct.nii")]
    [InlineData("ct.nii.gz")]
    public void ReadSlices_EqualTheMatchingPartOfTheVolume(string name)
    {
        long[] shape = { 6, 5, 7, 2 };
        float[] values = Enumerable.Range(0, 420).Select(i => (float)i).ToArray();
        NiftiWriter.Write(TempFile(name), values, shape);
        NiftiFile file = NiftiFile.Open(TempFile(name));

        float[] slices = file.ReadSlices<float>(first: 2, count: 3, volume: 1);

        slices.Should().Equal(values.Skip((7 + 2) * 30).Take(3 * 30));
        file.SliceCount.Should().Be(7);
    }

    [Fact]
    public void ReadSlices_OutsideTheVolume_IsRejected()
    {
        NiftiWriter.Write(TempFile("small.nii"), new float[24], new long[] { 2, 3, 4 });
        NiftiFile file = NiftiFile.Open(TempFile("small.nii"));
        file.Invoking(f => f.ReadSlices<float>(3, 2)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*[3, 5)*4 slices*");
    }

    [Fact]
    public void TruncatedFile_IsReportedBeforeReading()
    {
        NiftiWriter.Write(TempFile("cut.nii"), new float[1000], new long[] { 10, 10, 10 });
        using (var stream = new FileStream(TempFile("cut.nii"), FileMode.Open))
            stream.SetLength(2000);

        NiftiFile file = NiftiFile.Open(TempFile("cut.nii"));
        file.Invoking(f => f.ReadVoxels<float>()).Should().Throw<NiftiFormatException>().WithMessage("*cut.nii*2000 bytes*truncated*");
    }

    [Fact]
    public void TruncatedGzip_IsReportedWithTheFileName()
    {
        NiftiWriter.Write(TempFile("cut.nii.gz"), Enumerable.Range(0, 5000).Select(i => (float)Math.Sin(i)).ToArray(), new long[] { 50, 100 });
        byte[] bytes = File.ReadAllBytes(TempFile("cut.nii.gz"));
        File.WriteAllBytes(TempFile("cut.nii.gz"), bytes[..(bytes.Length / 2)]);

        NiftiFile file = NiftiFile.Open(TempFile("cut.nii.gz"));
        file.Invoking(f => f.ReadVoxels<float>()).Should().Throw<NiftiFormatException>().WithMessage("*cut.nii.gz*");
    }

    [Fact]
    public void AbsurdDimensions_AreRejectedBeforeAllocating()
    {
        NiftiWriter.Write(TempFile("huge.nii"), new float[8], new long[] { 2, 2, 2 });
        byte[] bytes = File.ReadAllBytes(TempFile("huge.nii"));
        foreach (int at in new[] { 42, 44, 46 })
            BitConverter.GetBytes((short)32000).CopyTo(bytes, at);
        BitConverter.GetBytes((short)7).CopyTo(bytes, 40);
        for (int at = 48; at < 56; at += 2)
            BitConverter.GetBytes((short)32000).CopyTo(bytes, at);
        File.WriteAllBytes(TempFile("huge.nii"), bytes);

        Action open = () => NiftiFile.Open(TempFile("huge.nii"));
        open.Should().Throw<NiftiFormatException>().WithMessage("*huge.nii*more than*voxels*corrupt*");
    }

    [Fact]
    public void LyingGzipSize_IsRejectedBeforeAllocating()
    {
        NiftiWriter.Write(TempFile("lie.nii"), new float[8], new long[] { 2, 2, 2 });
        byte[] bytes = File.ReadAllBytes(TempFile("lie.nii"));
        BitConverter.GetBytes((short)3).CopyTo(bytes, 40);
        foreach (int at in new[] { 42, 44, 46 })
            BitConverter.GetBytes((short)600).CopyTo(bytes, at);
        using (var output = new GZipStream(File.Create(TempFile("lie.nii.gz")), CompressionLevel.Fastest))
            output.Write(bytes);

        NiftiFile file = NiftiFile.Open(TempFile("lie.nii.gz"));
        file.Invoking(f => f.ReadVoxels<float>()).Should().Throw<NiftiFormatException>().WithMessage("*lie.nii.gz*compressed bytes can hold*");
    }

    [Fact]
    public void UnknownDatatype_IsNamed()
    {
        NiftiWriter.Write(TempFile("odd.nii"), new float[8], new long[] { 2, 2, 2 });
        byte[] bytes = File.ReadAllBytes(TempFile("odd.nii"));
        BitConverter.GetBytes((short)999).CopyTo(bytes, 70);
        File.WriteAllBytes(TempFile("odd.nii"), bytes);

        Action open = () => NiftiFile.Open(TempFile("odd.nii"));
        open.Should().Throw<NiftiFormatException>().WithMessage("*odd.nii*unknown datatype code 999*");
    }

    [Fact]
    public void MissingFile_IsNamed()
    {
        Action open = () => NiftiFile.Open(TempFile("absent.nii.gz"));
        open.Should().Throw<FileNotFoundException>().WithMessage("*absent.nii.gz*");
    }

    // A 3D image whose gzip holds stored (uncompressed) deflate blocks: a flipped voxel byte still inflates.
    private (string Path, float[] Voxels) StoredGzip(string name)
    {
        // Bytes after the last voxel (as some writers leave) stop the voxel reading before the gzip trailer.
        byte[] image = TestImages.Nifti1(new long[] { 64, 64, 40 }).Concat(new byte[70000]).ToArray();
        string path = TempFile(name);
        File.WriteAllBytes(path, TestImages.Gzip(image, CompressionLevel.NoCompression));
        return (path, Enumerable.Range(0, 64 * 64 * 40).Select(i => (float)i).ToArray());
    }

    [Fact]
    public void ReadVoxels_FlippedByteInTheDeflateData_IsAnErrorNotWrongVoxels()
    {
        var (path, _) = StoredGzip("flipped.nii.gz");
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40; // inside the voxels of a stored block
        File.WriteAllBytes(path, bytes);

        NiftiFile file = NiftiFile.Open(path);
        file.Invoking(f => f.ReadVoxels<float>()).Should().Throw<NiftiFormatException>().WithMessage("*flipped.nii.gz*corrupt gzip*");
    }

    [Fact]
    public void ReadVoxels_FlippedCrc_IsAnError()
    {
        var (path, _) = StoredGzip("crc.nii.gz");
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^7] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        NiftiFile file = NiftiFile.Open(path);
        file.Invoking(f => f.ReadVoxels<float>()).Should().Throw<NiftiFormatException>().WithMessage("*crc.nii.gz*corrupt*gzip*");
        file.Invoking(f => f.ReadSlices<float>(0, 40)).Should().Throw<NiftiFormatException>("a range that ends at the last voxel is verified");
        file.Invoking(f => f.Verify()).Should().Throw<NiftiFormatException>();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(12)]
    public void ReadVoxels_GzipCutInItsTrailer_IsTruncated(int cut)
    {
        var (path, _) = StoredGzip("cut.nii.gz");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^cut]);

        NiftiFile file = NiftiFile.Open(path);
        file.Invoking(f => f.ReadVoxels<float>()).Should().Throw<NiftiFormatException>().WithMessage("*cut.nii.gz*truncated*");
    }

    [Fact]
    public void ReadVoxels_SeveralGzipMembersAndZeroPadding_ReadExactly()
    {
        byte[] image = TestImages.Nifti1(new long[] { 8, 8, 8 });
        byte[] twoMembers = TestImages.Gzip(image[..1000]).Concat(TestImages.Gzip(image[1000..])).Concat(new byte[16]).ToArray();
        File.WriteAllBytes(TempFile("members.nii.gz"), twoMembers);

        NiftiFile.Open(TempFile("members.nii.gz")).ReadVoxels<float>().Should().Equal(Enumerable.Range(0, 512).Select(i => (float)i));
    }

    [Fact]
    public void Verify_CorruptLaterVolume_IsFound_ThoughAnEarlyRangeIsNotChecked()
    {
        byte[] image = TestImages.Nifti1(new long[] { 4, 4, 4, 3 });
        byte[] gzip = TestImages.Gzip(image, CompressionLevel.NoCompression);
        gzip[^20] ^= 0x40; // a voxel of the last volume
        File.WriteAllBytes(TempFile("late.nii.gz"), gzip);
        NiftiFile file = NiftiFile.Open(TempFile("late.nii.gz"));

        file.ReadSlices<float>(0, 4, volume: 0).Should().Equal(Enumerable.Range(0, 64).Select(i => (float)i), "documented: a range that stops early is not verified");
        file.Invoking(f => f.ReadSlices<float>(0, 4, volume: 2)).Should().Throw<NiftiFormatException>();
        file.Invoking(f => f.Verify()).Should().Throw<NiftiFormatException>().WithMessage("*late.nii.gz*");
    }

    [Fact]
    public void Nifti2_DimensionsWhoseProductWraps_AreRefusedAtOpen()
    {
        File.WriteAllBytes(TempFile("wrap.nii"), TestImages.Nifti2(new long[] { 3, 1L << 32, 1L << 32, 1 }, 64));

        Action open = () => NiftiFile.Open(TempFile("wrap.nii"));
        open.Should().Throw<NiftiFormatException>().WithMessage("*wrap.nii*more than*voxels*");
    }

    [Theory]
    [InlineData(1L << 31, 1L << 31, 4)]
    [InlineData(1L << 33, 1L << 31, 2)]
    [InlineData(3, 1L << 33, 1L << 33)]
    public void Nifti2_HugeDimensions_AreANamedErrorNeverAnother(long x, long y, long z)
    {
        File.WriteAllBytes(TempFile("huge2.nii"), TestImages.Nifti2(new long[] { 3, x, y, z }, 64));

        Action read = () => NiftiFile.Open(TempFile("huge2.nii")).ReadSlices<float>(0, 1);
        read.Should().Throw<NiftiFormatException>().WithMessage("*huge2.nii*");
    }

    [Fact]
    public void GzipAnnouncingMoreThanItHolds_IsTruncatedBeforeAllocating()
    {
        // Within deflate's ratio for a file of 400 KB of noise, so only the inflated length can tell.
        var random = new Random(3);
        float[] noise = Enumerable.Range(0, 100_000).Select(_ => (float)random.NextDouble()).ToArray();
        NiftiWriter.Write(TempFile("noise.nii"), noise, new long[] { 100, 100, 10 });
        byte[] image = File.ReadAllBytes(TempFile("noise.nii"));
        TestImages.SetDims(image, 3, 1000, 1000, 10); // 10 million voxels: 80 MB as doubles
        File.WriteAllBytes(TempFile("lying.nii.gz"), TestImages.Gzip(image));
        NiftiFile file = NiftiFile.Open(TempFile("lying.nii.gz"));

        long before = GC.GetAllocatedBytesForCurrentThread();
        file.Invoking(f => f.ReadVoxels<double>()).Should().Throw<NiftiFormatException>().WithMessage("*lying.nii.gz*truncated*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16 << 20, "the 80 MB array is never allocated");
    }

    [Fact]
    public void UnsupportedDatatypeOfAPair_NamesTheHeaderThatSaysSo()
    {
        // Found by NiftiFuzzTests: the message named the (absent) .img, not the header holding the datatype.
        byte[] bytes = TestImages.Nifti1(new long[] { 2, 2, 2 });
        "ni1\0"u8.CopyTo(bytes.AsSpan(344));
        BitConverter.GetBytes((short)NiftiDataType.Complex128).CopyTo(bytes, 70);
        BitConverter.GetBytes((short)128).CopyTo(bytes, 72);
        BitConverter.GetBytes(0f).CopyTo(bytes, 108);
        File.WriteAllBytes(TempFile("pair.hdr"), bytes[..348]);

        NiftiFile file = NiftiFile.Open(TempFile("pair.hdr"));
        file.Invoking(f => f.ReadVoxels<float>()).Should().Throw<NotSupportedException>().WithMessage("*pair.hdr: Complex128 voxels are not supported*");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
