using Wsp.Data.Nifti;
using Wsp.Data.Subjects;
using Wsp.Data.Volumes;
using static TorchSharp.torch;

namespace Wsp.Data.Tests.Volumes;

public sealed class VolumeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-volumes-").FullName;

    // The real CT files in ../shared/nifti; WSP_NIFTI_CASES does not move them.
    private static string Shared(string name) => RealImages.PathOf(name);

    [Theory]
    [InlineData(10, 1, 7)]
    [InlineData(30, 4, 21)]
    [InlineData(112, 16, 78)]
    [InlineData(1, 0, 1)]
    public void CentralFraction_FollowsTheAuthorsRounding(int slices, int start, int count)
    {
        new CentralFractionSelection(0.7).Range(slices).Should().Be((start, count));
    }

    [Fact]
    public void CentralFraction_PositionsAreKOverN()
    {
        var volume = new CanonicalVolume(new float[2 * 2 * 10], new[] { 2, 2, 10 }, new[] { 1.0, 1, 1 });
        SelectedSlices selected = new CentralFractionSelection().Select(volume, null);
        selected.Indices.Should().Equal(1, 2, 3, 4, 5, 6, 7);
        selected.Positions.Should().Equal(Enumerable.Range(0, 7).Select(k => k / 7.0));
    }

    [Fact]
    public void Reorient_FlippedAndPermutedStorage_GivesTheCanonicalVolume()
    {
        // Canonical volume: value = x + 10 y + 100 z on a 3 x 4 x 5 grid.
        int[] shape = { 3, 4, 5 };
        float Value(int x, int y, int z) => x + 10 * y + 100 * z;
        // Stored with file axes (z, x, y), z running inferior-wards and x towards the left (-x).
        var stored = new float[60];
        int i = 0;
        for (int fy = 0; fy < 4; fy++)
            for (int fx = 0; fx < 3; fx++)
                for (int fz = 0; fz < 5; fz++)
                    stored[i++] = Value(2 - fx, fy, 4 - fz);
        var affine = new double[,] { { 0, -1, 0, 0 }, { 0, 0, 1, 0 }, { -2, 0, 0, 0 }, { 0, 0, 0, 1 } };
        string path = Path.Combine(_folder, "permuted.nii.gz");
        NiftiWriter.Write(path, stored, new long[] { 5, 3, 4 }, affine);

        CanonicalVolume volume = CanonicalVolume.Read(path);

        volume.Shape.Should().Equal(shape);
        volume.Spacing.Should().Equal(1.0, 1.0, 2.0);
        for (int z = 0; z < 5; z++)
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 3; x++)
                    volume.Voxels[x + 3 * (y + 4 * z)].Should().Be(Value(x, y, z));
    }

    [Fact]
    public void OrganSelection_RealLiverMap_KeepsTheLiverSlicesAndItsVoxels()
    {
        CanonicalVolume image = CanonicalVolume.Read(Shared("totalseg__example_ct_sm.nii.gz"));
        CanonicalVolume labels = CanonicalVolume.Read(Shared("totalseg__example_seg.nii.gz"));

        SelectedSlices selected = new OrganSelection(5, cropToBoundingBox: true, margin: 2).Select(image, labels);

        long liverVoxels = 0;
        double huSum = 0;
        foreach (int k in selected.Indices)
        {
            ReadOnlySpan<float> map = labels.Slice(k), hu = image.Slice(k);
            for (int v = 0; v < map.Length; v++)
                if (map[v] == 5) { liverVoxels++; huSum += hu[v]; }
        }
        liverVoxels.Should().Be(38634, "the manifest counts 38,634 liver voxels");
        (huSum / liverVoxels).Should().BeApproximately(45, 1, "the liver's mean density is about 45 HU");
        selected.Indices.Should().BeInAscendingOrder();
        selected.Crop!.Value.Width.Should().BeLessThan(image.Shape[0]);
    }

    [Fact]
    public void Slicer_RealCt_GivesWindowedSquareSlices()
    {
        var subject = new Subject("ct", Shared("totalseg__example_ct.nii.gz"), 1, null, null);
        var slicer = new VolumeSlicer(new CentralFractionSelection(), IntensityMapping.SoftTissueWindow, size: 64);

        using SliceStack stack = slicer.Load(subject);

        stack.Images.shape.Should().Equal(78, 1, 64, 64);
        stack.Positions.Should().HaveCount(78);
        stack.Images.min().item<float>().Should().BeGreaterThanOrEqualTo(0);
        stack.Images.max().item<float>().Should().Be(1);
        stack.SliceIndices[0].Should().Be(16);
    }

    [Fact]
    public void Slicer_OrganSelectionWithoutLabelMap_NamesTheSubject()
    {
        var subject = new Subject("p7", Shared("totalseg__example_ct_sm.nii.gz"), 1, null, null);
        var slicer = new VolumeSlicer(new OrganSelection(5));
        slicer.Invoking(s => s.Load(subject)).Should().Throw<InvalidDataException>().WithMessage("*'p7'*needs a label map*");
    }

    [Fact]
    public void Slicer_BrokenFile_NamesSubjectAndFile()
    {
        string path = Path.Combine(_folder, "broken.nii");
        File.WriteAllText(path, "not an image");
        var slicer = new VolumeSlicer();
        slicer.Invoking(s => s.Load(new Subject("p9", path, 0, null, null))).Should().Throw<InvalidDataException>().WithMessage("*'p9'*broken.nii*");
    }

    private sealed class FailingSelection(Exception error) : SliceSelection
    {
        public override SelectedSlices Select(CanonicalVolume volume, CanonicalVolume? labelMap) => throw error;
    }

    [Fact]
    public void Slicer_ArithmeticAndMemoryFailures_NameSubjectAndFile()
    {
        string path = Path.Combine(_folder, "small.nii");
        NiftiWriter.Write(path, new float[4 * 4 * 4], new long[] { 4, 4, 4 });
        foreach (Exception error in new Exception[] { new OverflowException("overflow"), new DivideByZeroException("zero"), new OutOfMemoryException("oom"), new IndexOutOfRangeException("index") })
        {
            var slicer = new VolumeSlicer(new FailingSelection(error));
            slicer.Invoking(s => s.Load(new Subject("p3", path, 0, null, null))).Should().Throw<InvalidDataException>()
                .WithMessage("Subject 'p3' (*small.nii): *").Which.InnerException.Should().BeSameAs(error);
        }
    }

    [Fact]
    public void Slicer_BrokenLabelMap_NamesTheLabelMap()
    {
        string image = Path.Combine(_folder, "image.nii"), labels = Path.Combine(_folder, "labels.nii");
        NiftiWriter.Write(image, new float[4 * 4 * 4], new long[] { 4, 4, 4 });
        File.WriteAllText(labels, "not an image");
        var slicer = new VolumeSlicer(new OrganSelection(5));
        slicer.Invoking(s => s.Load(new Subject("p5", image, 0, null, null, labels))).Should().Throw<InvalidDataException>().WithMessage("Subject 'p5' (*labels.nii): *");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
