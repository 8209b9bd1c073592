using BenchmarkDotNet.Attributes;
using Wsp.Data.Synthetic;
using GeneratedCohort = Wsp.Data.Synthetic.SyntheticCohort; // Wsp.Benchmarks.SyntheticCohort is the loader benchmarks' helper

namespace Wsp.Benchmarks;

/// <summary>
/// Time to generate the default synthetic cohort (300 patients of 128 x 128 x 48, gzipped NIfTI volumes and label
/// maps, both tables) with every core. Target: under one minute on the 2-core build machine.
/// Run (in process, no warm-up, 3 iterations of one generation):
/// dotnet run -c Release --project benchmarks/Wsp.Benchmarks -- --synthetic-cohort
/// </summary>
public class SyntheticCohortBenchmarks
{
    private string _folder = "";

    [GlobalSetup]
    public void Setup() => _folder = Directory.CreateTempSubdirectory("wsp-bench-synthetic-").FullName;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Description = "300 x 128x128x48, gzip")]
    public GeneratedCohort Generate() => SyntheticCohortGenerator.Generate(_folder, new SyntheticCohortOptions { Seed = 1 });
}
