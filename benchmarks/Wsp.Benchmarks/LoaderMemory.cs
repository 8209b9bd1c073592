using System.Globalization;
using Wsp.Data.Augmentation;
using Wsp.Data.Loading;
using Wsp.Data.Volumes;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// Peak resident memory while loading a cohort larger than the cache budget: 8 batches of 64 random
/// slices at 512 x 512 from 16 volumes (processed cohort 176 MiB), with a 64 MiB budget.
/// </summary>
internal static class LoaderMemory
{
    public static void Report()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("Peak memory is measured through /proc and needs Linux.");
            return;
        }
        set_num_threads(2);
        const long budget = 64L << 20;
        var cohort = SyntheticCohort.Create(LoaderBenchmarks.Subjects, 512, LoaderBenchmarks.Depth);
        var options = new SliceLoaderOptions { CacheBudgetBytes = budget };
        var loader = new SliceLoader(cohort, new VolumeSlicer(new CentralFractionSelection(), IntensityMapping.SoftTissueWindow, 512), options);
        var counts = loader.CountSlices();
        var augmenter = new SliceAugmenter(seed: 1);
        long cohortBytes = counts.Sum() * 512L * 512 * sizeof(float);

        GC.Collect();
        ProcStatus.ResetPeak();
        long before = ProcStatus.ReadKiB("VmRSS:");
        long cachePeak = 0;
        for (int round = 0; round < 4; round++)
        {
            foreach (SliceBatch batch in loader.ReadAsync(LoaderBenchmarks.RandomBatches(counts, round)).ToBlockingEnumerable())
            {
                using (batch)
                using (var scope = NewDisposeScope())
                    augmenter.TwoViews(batch.Images);
                cachePeak = Math.Max(cachePeak, loader.CachedBytes);
            }
        }
        long peak = ProcStatus.ReadKiB("VmHWM:");
        double mib = 1 << 20;
        int batchMiB = 64 * 512 * 512 * sizeof(float) >> 20;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| processed cohort {cohortBytes / mib:F0} MiB | budget {budget / mib:F0} MiB | cache peak {cachePeak / mib:F0} MiB | peak RSS increase {(peak - before) / 1024.0:F0} MiB | batch {batchMiB} MiB, queue {options.QueueCapacity}, workers {options.Workers} | volume loads {loader.VolumeLoads} |"));
    }
}
