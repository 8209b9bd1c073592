using System.Text.Json;
using Wsp.Data.Tests.Volumes;

namespace Wsp.Data.Tests.Nifti;

/// <summary>The manifest tests' own machinery: row names, statistics over finite voxels, what WSP_NIFTI_CASES redirects.</summary>
public sealed class ManifestHarnessTests
{
    [Fact]
    public void FileIds_RowNamesAreUniqueAndFitXunitsDisplay()
    {
        string[] names = ((IEnumerable<object[]>)NiftiManifestTests.FileIds()).Select(row => row[0].ToString()!).ToArray();

        names.Should().OnlyHaveUniqueItems();
        names.Should().OnlyContain(n => n.Length <= 50, "xunit cuts longer arguments");
    }

    [Fact]
    public void ManifestCase_LongIdsWithACommonStart_GetDistinctNames()
    {
        string start = new('a', 60);
        var first = new ManifestCase(3, start + "-one");
        var second = new ManifestCase(4, start + "-two");

        first.ToString().Should().NotBe(second.ToString());
        first.ToString().Should().StartWith("#03 aaaa").And.EndWith("-one");
    }

    [Fact]
    public void Check_StatisticsOverFiniteVoxels_SkipNaN()
    {
        using JsonDocument data = JsonDocument.Parse("""
            { "n_voxels": 4, "stats_over": "finite voxels", "min": 1, "max": 3, "sum": 6, "mean": 2, "nan_count": 1,
              "voxels": { "a": { "index": [1], "value": "nan" }, "b": { "index": [3], "value": 3 } } }
            """);

        ManifestVoxelChecks.Check(new[] { 1, double.NaN, 2, 3 }, new long[] { 4 }, data.RootElement);
    }

    [Fact]
    public void ManifestVariable_RedirectsOnlyTheManifest()
    {
        string? saved = Environment.GetEnvironmentVariable(NiftiManifest.Variable);
        string elsewhere = Path.Combine(Path.GetTempPath(), "elsewhere", "manifest.json");
        try
        {
            Environment.SetEnvironmentVariable(NiftiManifest.Variable, elsewhere);

            NiftiManifest.ManifestPath().Should().Be(elsewhere);
            RealImages.PathOf("totalseg__example_ct.nii.gz").Should().NotStartWith(Path.GetDirectoryName(elsewhere))
                .And.EndWith(Path.Combine("shared", "nifti", "totalseg__example_ct.nii.gz"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(NiftiManifest.Variable, saved);
        }
    }
}
