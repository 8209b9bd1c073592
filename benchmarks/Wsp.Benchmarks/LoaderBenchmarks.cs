using BenchmarkDotNet.Attributes;
using Wsp.Data.Augmentation;
using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Data.Subjects;
using Wsp.Data.Volumes;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// Slices per second from NIfTI volumes (16 subjects, 512 x 512 x 16 int16, gzipped) to augmented
/// two-view batches of 64 slices, with a cache that holds the whole cohort (its volumes are decoded once,
/// in setup) or a quarter of it (random slices then mostly miss and decode their volume again).
/// </summary>
[WarmupCount(1)]
[IterationCount(5)]
public class LoaderBenchmarks
{
    public const int Subjects = 16, Depth = 16, Batch = 64, Batches = 2;
    private SliceLoader _loader = null!;
    private SliceAugmenter _augmenter = null!;
    private IReadOnlyList<int> _counts = null!;
    private int _epoch;

    [Params(128, 512)]
    public int Size { get; set; }

    [Params(1.0, 0.25)]
    public double CachedFraction { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(2);
        SubjectTable cohort = SyntheticCohort.Create(Subjects, 512, Depth);
        var slicer = new VolumeSlicer(new CentralFractionSelection(), IntensityMapping.SoftTissueWindow, Size);
        long cohortBytes = (long)Subjects * new CentralFractionSelection().Range(Depth).Count * Size * Size * sizeof(float);
        _loader = new SliceLoader(cohort, slicer, new SliceLoaderOptions { CacheBudgetBytes = (long)(cohortBytes * CachedFraction) });
        _counts = _loader.CountSlices();
        _augmenter = new SliceAugmenter(seed: 1);
    }

    /// <summary>Two batches of 64 random slices, each in two augmented views. Slices per second = 128 / mean time.</summary>
    [Benchmark]
    public long TwoBatches()
    {
        long slices = 0;
        foreach (SliceBatch batch in _loader.ReadAsync(RandomBatches(_counts, _epoch++)).ToBlockingEnumerable())
        {
            using (batch)
            using (var scope = NewDisposeScope())
            {
                var (a, b) = _augmenter.TwoViews(batch.Images);
                slices += a.shape[0];
            }
        }
        return slices;
    }

    /// <summary>Seeded random (patient, slice) pairs, 64 per batch.</summary>
    public static IEnumerable<SliceReference[]> RandomBatches(IReadOnlyList<int> counts, int seed)
    {
        var random = new Random(seed);
        for (int b = 0; b < Batches; b++)
        {
            yield return Enumerable.Range(0, Batch).Select(_ =>
            {
                int patient = random.Next(counts.Count);
                return new SliceReference(patient, random.Next(counts[patient]));
            }).ToArray();
        }
    }
}
