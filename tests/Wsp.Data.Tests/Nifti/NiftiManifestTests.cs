using System.Text.Json;
using Wsp.Data.Nifti;

namespace Wsp.Data.Tests.Nifti;

/// <summary>Every file of the NIfTI manifest, one test row per id: header, affine, scaled statistics, voxels, errors.</summary>
public sealed class NiftiManifestTests
{
    public static TheoryData<ManifestCase> FileIds()
    {
        var data = new TheoryData<ManifestCase>();
        int index = 0;
        foreach (string id in NiftiManifest.Ids)
            data.Add(new ManifestCase(index++, id));
        return data;
    }

    [Theory]
    [MemberData(nameof(FileIds))]
    public void File_ReadsLikeNibabel_OrFailsWithANamedReason(ManifestCase row)
    {
        JsonElement entry = NiftiManifest.Entry(row.Id);
        string path = NiftiManifest.PathOf(entry.GetProperty("file").GetString()!);
        bool nibabelLoads = entry.GetProperty("nibabel_load").GetProperty("ok").GetBoolean();

        if (!nibabelLoads)
        {
            Action open = () => NiftiFile.Open(path);
            open.Should().Throw<NiftiFormatException>().Which.Message.Should().Contain(Path.GetFileName(path));
            return;
        }

        NiftiFile file = NiftiFile.Open(path);
        CheckHeader(file.Header, entry.GetProperty("header"));
        CheckAffine(file.Header.Affine, entry.GetProperty("affine"));

        JsonElement data = entry.GetProperty("data");
        if (data.TryGetProperty("error", out _))
        {
            Action read = () => file.ReadVoxels<double>();
            read.Should().Throw<FileNotFoundException>().WithMessage("*.img*");
            return;
        }
        if (!NiftiDataTypes.IsScalar(file.Header.DataType))
        {
            Action read = () => file.ReadVoxels<double>();
            read.Should().Throw<NotSupportedException>().WithMessage($"*{Path.GetFileName(path)}*not supported*");
            return;
        }
        ManifestVoxelChecks.Check(file.ReadVoxels<double>(), file.Header.Shape, data);
    }

    private static void CheckHeader(NiftiHeader header, JsonElement expected)
    {
        JsonElement versionElement = expected.GetProperty("nifti_version");
        string version = versionElement.ValueKind == JsonValueKind.Number ? versionElement.GetRawText() : versionElement.GetString()!;
        header.Format.Should().Be(version switch
        {
            "1" => NiftiFormat.Nifti1,
            "2" => NiftiFormat.Nifti2,
            _ => NiftiFormat.Analyze75,
        });
        header.IsBigEndian.Should().Be(expected.GetProperty("endianness").GetString() == "big");
        header.Shape.Should().Equal(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        ((int)header.DataType).Should().Be(expected.GetProperty("datatype_code").GetInt32());
        header.VoxelOffset.Should().Be((long)expected.GetProperty("vox_offset").GetDouble());
        double[] pixdim = expected.GetProperty("pixdim").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        header.PixelDimensions.Should().Equal(pixdim, (a, b) => Math.Abs(a - b) <= 1e-6 * Math.Abs(b));
        if (expected.TryGetProperty("qform_code", out JsonElement qform))
        {
            header.QFormCode.Should().Be(qform.GetInt32());
            header.SFormCode.Should().Be(expected.GetProperty("sform_code").GetInt32());
        }
    }

    private static void CheckAffine(double[,] affine, JsonElement expected)
    {
        double[][] rows = expected.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                affine[i, j].Should().BeApproximately(rows[i][j], 1e-4 + 1e-6 * Math.Abs(rows[i][j]), $"affine[{i}, {j}]");
    }
}
