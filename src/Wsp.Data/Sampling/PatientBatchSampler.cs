namespace Wsp.Data.Sampling;

/// <summary>
/// Contrastive batches of distinct patients with one random slice each, patients drawn without replacement
/// (class-balanced by weak label or uniformly). Seeded: epoch e of a sampler with seed s is always the same;
/// an epoch has a fixed number of batches. A batch larger than the cohort is refused at construction.
/// </summary>
public sealed class PatientBatchSampler
{
    private readonly int[] _sliceCounts;
    private readonly double[] _weights;

    /// <summary>Creates the sampler.</summary>
    /// <param name="weakLabels">Weak label of each patient.</param>
    /// <param name="sliceCounts">Number of kept slices of each patient (at least 1).</param>
    /// <param name="batchSize">Patients per batch (64 in the paper).</param>
    /// <param name="seed">Seed of every draw.</param>
    /// <param name="weighting">Class-balanced (default) or uniform.</param>
    /// <param name="batchesPerEpoch">Batches per epoch; by default patients / batchSize (each patient once per epoch on average).</param>
    public PatientBatchSampler(IReadOnlyList<int> weakLabels, IReadOnlyList<int> sliceCounts, int batchSize, int seed,
        PatientWeighting weighting = PatientWeighting.ClassBalanced, int? batchesPerEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(weakLabels);
        ArgumentNullException.ThrowIfNull(sliceCounts);
        if (weakLabels.Count != sliceCounts.Count)
            throw new ArgumentException($"{weakLabels.Count} weak labels but {sliceCounts.Count} slice counts were given.", nameof(sliceCounts));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (batchSize > weakLabels.Count)
            throw new ArgumentException($"A batch of {batchSize} distinct patients cannot be drawn from {weakLabels.Count} patients; lower the batch size.", nameof(batchSize));
        int empty = sliceCounts.ToList().FindIndex(c => c < 1);
        if (empty >= 0)
            throw new ArgumentException($"Patient {empty} has no kept slice.", nameof(sliceCounts));
        if (batchesPerEpoch is <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchesPerEpoch), batchesPerEpoch, "At least one batch per epoch.");

        _sliceCounts = sliceCounts.ToArray();
        var classSizes = weakLabels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        _weights = weakLabels.Select(l => weighting == PatientWeighting.ClassBalanced ? 1.0 / classSizes[l] : 1.0).ToArray();
        BatchSize = batchSize;
        Seed = seed;
        BatchesPerEpoch = batchesPerEpoch ?? Math.Max(1, weakLabels.Count / batchSize);
    }

    /// <summary>Patients per batch.</summary>
    public int BatchSize { get; }

    /// <summary>The seed.</summary>
    public int Seed { get; }

    /// <summary>Batches in every epoch.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The probability weight of each patient (unnormalised).</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>The batches of epoch <paramref name="epoch"/>.</summary>
    /// <param name="epoch">Epoch number; each epoch has its own stream of random numbers.</param>
    public IEnumerable<SliceReference[]> Epoch(int epoch)
    {
        // Not HashCode.Combine: it is randomised per process, and epochs must repeat across runs.
        var random = new Random(unchecked(Seed * 1_000_003 + epoch * 7_919 + 17));
        for (int b = 0; b < BatchesPerEpoch; b++)
            yield return DrawBatch(random);
    }

    private SliceReference[] DrawBatch(Random random)
    {
        // Weighted sampling without replacement (Efraimidis and Spirakis): keep the k largest u^(1/w).
        var keys = new (double Key, int Patient)[_weights.Length];
        for (int p = 0; p < _weights.Length; p++)
            keys[p] = (Math.Log(1 - random.NextDouble()) / _weights[p], p);
        Array.Sort(keys, (x, y) => y.Key.CompareTo(x.Key));
        var batch = new SliceReference[BatchSize];
        for (int i = 0; i < BatchSize; i++)
        {
            int patient = keys[i].Patient;
            batch[i] = new SliceReference(patient, random.Next(_sliceCounts[patient]));
        }
        return batch;
    }
}
