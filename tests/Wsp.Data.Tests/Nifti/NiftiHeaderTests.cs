using System.Buffers.Binary;
using Wsp.Data.Nifti;

namespace Wsp.Data.Tests.Nifti;

public sealed class NiftiHeaderTests
{
    [Fact]
    public void Parse_FreeSurferLargeVector_TakesTheLengthFromGlmin()
    {
        byte[] bytes = TestImages.Nifti1(new long[] { 4, 1, 1 });
        TestImages.SetDims(bytes, 3, -1, 1, 1);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(144), 40000);

        NiftiHeader.Parse(bytes, "fs.nii").Shape.Should().Equal(40000, 1, 1);
    }

    [Fact]
    public void Parse_FreeSurferLargeVectorWithoutGlmin_IsNamed()
    {
        byte[] bytes = TestImages.Nifti1(new long[] { 4, 1, 1 });
        TestImages.SetDims(bytes, 4, -1, 1, 1, 2);

        Action parse = () => NiftiHeader.Parse(bytes, "fs.nii");
        parse.Should().Throw<NiftiFormatException>().WithMessage("*fs.nii*dim[1] = -1*glmin = 0*");
    }

    [Fact]
    public void Parse_Ico7Surface_Is163842Vertices()
    {
        byte[] bytes = TestImages.Nifti1(new long[] { 4, 1, 1 });
        TestImages.SetDims(bytes, 4, 27307, 1, 6, 3);

        NiftiHeader.Parse(bytes, "ico7.nii").Shape.Should().Equal(163842, 1, 1, 3);
    }

    [Fact]
    public void Parse_AnalyzeHeader_GetsNoFreeSurferShape()
    {
        byte[] bytes = TestImages.Nifti1(new long[] { 4, 1, 1 });
        TestImages.SetDims(bytes, 3, 27307, 1, 6);
        bytes.AsSpan(344, 4).Clear(); // no magic: Analyze 7.5

        NiftiHeader.Parse(bytes, "ico7.hdr").Shape.Should().Equal(27307, 1, 6);
    }

    [Fact]
    public void Parse_Nifti2DimensionsThatWrap_AreRefused()
    {
        byte[] bytes = TestImages.Nifti2(new long[] { 3, 1L << 32, 1L << 32, 1 }, 0);
        Action parse = () => NiftiHeader.Parse(bytes, "wrap.nii");
        parse.Should().Throw<NiftiFormatException>().WithMessage("*wrap.nii*more than*voxels*corrupt*");
    }
}
