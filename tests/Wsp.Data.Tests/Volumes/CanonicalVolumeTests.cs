using System.Buffers.Binary;
using Wsp.Data.Nifti;
using Wsp.Data.Tests.Nifti;
using Wsp.Data.Volumes;

namespace Wsp.Data.Tests.Volumes;

public sealed class CanonicalVolumeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-canonical-").FullName;

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Read_GzipLyingAboutItsSize_IsRefusedBeforeAllocating()
    {
        byte[] image = TestImages.Nifti1(new long[] { 8, 8, 8 });
        TestImages.SetDims(image, 3, 500, 500, 200); // 50 million voxels in a file of a few hundred bytes
        string path = Write("lie.nii.gz", TestImages.Gzip(image));

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action read = () => CanonicalVolume.Read(path);
        read.Should().Throw<NiftiFormatException>().WithMessage("*lie.nii.gz*compressed bytes can hold*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16 << 20, "nothing of the announced size is allocated");
    }

    [Fact]
    public void Read_TruncatedFile_IsRefusedBeforeAllocating()
    {
        byte[] image = TestImages.Nifti1(new long[] { 8, 8, 8 });
        TestImages.SetDims(image, 3, 400, 400, 100);
        string path = Write("short.nii", image);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Action read = () => CanonicalVolume.Read(path);
        read.Should().Throw<NiftiFormatException>().WithMessage("*short.nii*truncated*");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(16 << 20);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Read_NonFiniteSform_IsRefusedByName(float value)
    {
        byte[] image = TestImages.Nifti1(new long[] { 3, 4, 5 });
        BinaryPrimitives.WriteSingleLittleEndian(image.AsSpan(280), value); // srow_x[0]
        string path = Write("nan.nii", image);

        Action read = () => CanonicalVolume.Read(path);
        read.Should().Throw<NiftiFormatException>().WithMessage("*nan.nii*sform affine has a non-finite entry*");
    }

    [Fact]
    public void Read_SingularSform_IsRefusedByName()
    {
        byte[] image = TestImages.Nifti1(new long[] { 3, 4, 5 });
        // Voxel axes 0 and 1 both run along x.
        float[] rows = { 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0 };
        for (int k = 0; k < 12; k++)
            BinaryPrimitives.WriteSingleLittleEndian(image.AsSpan(280 + 4 * k), rows[k]);
        string path = Write("flat.nii", image);

        Action read = () => CanonicalVolume.Read(path);
        read.Should().Throw<NiftiFormatException>().WithMessage("*flat.nii*sform affine is singular*");
    }

    [Fact]
    public void Read_ZeroVoxelSizeInTheQform_IsRefusedByName()
    {
        byte[] image = TestImages.Nifti1(new long[] { 3, 4, 5 });
        BinaryPrimitives.WriteInt16LittleEndian(image.AsSpan(252), 1); // qform_code
        BinaryPrimitives.WriteInt16LittleEndian(image.AsSpan(254), 0); // sform_code
        BinaryPrimitives.WriteSingleLittleEndian(image.AsSpan(76 + 8), 0); // pixdim[2]
        string path = Write("zero.nii", image);

        Action read = () => CanonicalVolume.Read(path);
        read.Should().Throw<NiftiFormatException>().WithMessage("*zero.nii*qform affine gives voxel axis 1 no direction*");
    }

    [Fact]
    public void Orientation_NaNAffine_IsRefused()
    {
        var affine = new double[,] { { double.NaN, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 0, 0, 1 } };
        Action orient = () => CanonicalVolume.Orientation(affine);
        orient.Should().Throw<ArgumentException>().WithMessage("*non-finite*");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
