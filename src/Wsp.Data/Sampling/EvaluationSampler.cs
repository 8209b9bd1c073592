namespace Wsp.Data.Sampling;

/// <summary>Visits every kept slice of every patient exactly once, in order, in batches (the last may be smaller).</summary>
public static class EvaluationSampler
{
    /// <summary>The batches.</summary>
    /// <param name="sliceCounts">Kept slices of each patient.</param>
    /// <param name="batchSize">Slices per batch.</param>
    public static IEnumerable<SliceReference[]> Batches(IReadOnlyList<int> sliceCounts, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(sliceCounts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        return Iterate();

        IEnumerable<SliceReference[]> Iterate()
        {
            var batch = new List<SliceReference>(batchSize);
            for (int patient = 0; patient < sliceCounts.Count; patient++)
            {
                for (int slice = 0; slice < sliceCounts[patient]; slice++)
                {
                    batch.Add(new SliceReference(patient, slice));
                    if (batch.Count == batchSize)
                    {
                        yield return batch.ToArray();
                        batch.Clear();
                    }
                }
            }
            if (batch.Count > 0)
                yield return batch.ToArray();
        }
    }
}
