using System.Globalization;
using Wsp.Data.Augmentation;
using Wsp.Data.Loading;
using Wsp.Data.Volumes;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// Peak resident memory while loading a cohort larger than the cache budget: 8 batches of 64 random
/// slices at 512 x 512 (64 MiB each) from 16 volumes (processed cohort 176 MiB), with a 64 MiB cache budget.
/// Each configuration runs in a fresh process: the loader alone without and with an in-flight budget of two
/// batches, and the loader followed by the two-view augmentation (the consumer's memory, not the loader's).
/// </summary>
internal static class LoaderMemory
{
    private const long CacheBudget = 64L << 20;
    private const long InFlightBudget = 128L << 20;

    public static void Report()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("Peak memory is measured through /proc and needs Linux.");
            return;
        }
        Console.WriteLine("| consumer | GC | in-flight budget | loader budget (cache + in-flight) | cache peak | in-flight peak | peak RSS increase | volume loads |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        // GCConserveMemory = 9 asks the collector to compact and return memory eagerly, so evicted slice arrays stop counting.
        var conserve = new Dictionary<string, string> { ["DOTNET_GCConserveMemory"] = "9" };
        foreach (string configuration in new[] { "loader unbounded", "loader bounded", "augmented unbounded" })
        {
            Console.WriteLine(FreshProcess.LastLine("--loader-memory-one " + configuration));
            Console.WriteLine(FreshProcess.LastLine("--loader-memory-one " + configuration, conserve));
        }
    }

    public static void ReportOne(bool augment, bool bounded)
    {
        set_num_threads(2);
        var cohort = SyntheticCohort.Create(LoaderBenchmarks.Subjects, 512, LoaderBenchmarks.Depth);
        var options = new SliceLoaderOptions { CacheBudgetBytes = CacheBudget, MaxInFlightBytes = bounded ? InFlightBudget : null };
        var loader = new SliceLoader(cohort, new VolumeSlicer(new CentralFractionSelection(), IntensityMapping.SoftTissueWindow, 512), options);
        var counts = loader.CountSlices();
        var augmenter = new SliceAugmenter(seed: 1);

        GC.Collect();
        ProcStatus.ResetPeak();
        long before = ProcStatus.ReadKiB("VmRSS:");
        long cachePeak = 0, inFlightPeak = 0;
        for (int round = 0; round < 4; round++)
        {
            foreach (SliceBatch batch in loader.ReadAsync(LoaderBenchmarks.RandomBatches(counts, round)).ToBlockingEnumerable())
            {
                using (batch)
                {
                    if (augment)
                    {
                        using var scope = NewDisposeScope();
                        augmenter.TwoViews(batch.Images);
                    }
                    cachePeak = Math.Max(cachePeak, loader.CachedBytes);
                    inFlightPeak = Math.Max(inFlightPeak, loader.InFlightBytes);
                }
            }
        }
        long peak = ProcStatus.ReadKiB("VmHWM:");
        double mib = 1 << 20;
        string inFlight = bounded ? $"{InFlightBudget / mib:F0} MiB" : $"none (queue {options.QueueCapacity}, workers {options.Workers})";
        string loaderBudget = bounded ? $"{(CacheBudget + InFlightBudget) / mib:F0} MiB" : "-";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {(augment ? "two-view augmentation" : "loader only")} | {(Environment.GetEnvironmentVariable("DOTNET_GCConserveMemory") is { } level ? $"ConserveMemory {level}" : "default")} | {inFlight} | {loaderBudget} | {cachePeak / mib:F0} MiB | {inFlightPeak / mib:F0} MiB | {(peak - before) / 1024.0:F0} MiB | {loader.VolumeLoads} |"));
    }
}
