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

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
