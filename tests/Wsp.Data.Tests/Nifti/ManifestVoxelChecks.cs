using System.Text.Json;

namespace Wsp.Data.Tests.Nifti;

/// <summary>Compares voxels with a manifest entry's "data" statistics, over the voxels its "stats_over" names.</summary>
internal static class ManifestVoxelChecks
{
    public static void Check(double[] voxels, IReadOnlyList<long> shape, JsonElement data)
    {
        voxels.LongLength.Should().Be(data.GetProperty("n_voxels").GetInt64());
        double Expected(string name) => data.GetProperty(name).GetDouble();
        static void Close(double actual, double expected, string what) =>
            actual.Should().BeApproximately(expected, 1e-9 * Math.Abs(expected) + 1e-9, what);

        // nibabel's statistics skip NaN and infinities when the manifest says so ("finite voxels").
        string over = data.TryGetProperty("stats_over", out JsonElement o) ? o.GetString()! : "all voxels";
        double[] counted = over switch
        {
            "all voxels" => voxels,
            _ when over.Contains("finite", StringComparison.OrdinalIgnoreCase) => voxels.Where(double.IsFinite).ToArray(),
            _ => throw new InvalidOperationException($"Unknown stats_over '{over}' in the manifest."),
        };
        Close(counted.Min(), Expected("min"), $"min over {over}");
        Close(counted.Max(), Expected("max"), $"max over {over}");
        Close(counted.Sum(), Expected("sum"), $"sum over {over}");
        if (data.TryGetProperty("mean", out _))
            Close(counted.Average(), Expected("mean"), $"mean over {over}");
        voxels.Count(double.IsNaN).Should().Be(data.GetProperty("nan_count").GetInt32());

        long[] strides = new long[shape.Count];
        for (int axis = 0, stride = 1; axis < strides.Length; stride *= (int)shape[axis], axis++)
            strides[axis] = stride;
        foreach (JsonProperty voxel in data.GetProperty("voxels").EnumerateObject())
        {
            long[] index = voxel.Value.GetProperty("index").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            long flat = index.Select((k, axis) => k * strides[axis]).Sum();
            double expected = voxel.Value.GetProperty("value").ValueKind == JsonValueKind.Number ? voxel.Value.GetProperty("value").GetDouble() : double.NaN;
            if (double.IsNaN(expected))
                voxels[flat].Should().Be(double.NaN, $"voxel {voxel.Name}");
            else
                Close(voxels[flat], expected, $"voxel {voxel.Name} at [{string.Join(", ", index)}]");
        }
    }
}
