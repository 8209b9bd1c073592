namespace Wsp.Data.Sampling;

/// <summary>Slices for evaluation: every kept slice once (<see cref="Batches"/>), or an even spread per patient (<see cref="Spread"/>).</summary>
public static class EvaluationSampler
{
    /// <summary>Every kept slice of every patient exactly once, in order, in batches (the last may be smaller).</summary>
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

    /// <summary>
    /// Evenly spread slices of each patient: at most <paramref name="perPatient"/> (0: all), the i-th of k taken from
    /// the centre of the i-th of k equal strata of the patient's kept slices, so a patient is seen from end to end.
    /// </summary>
    /// <param name="sliceCounts">Kept slices of each patient.</param>
    /// <param name="perPatient">Slices per patient; 0 for every slice.</param>
    public static SliceReference[] Spread(IReadOnlyList<int> sliceCounts, int perPatient)
    {
        ArgumentNullException.ThrowIfNull(sliceCounts);
        ArgumentOutOfRangeException.ThrowIfNegative(perPatient);
        var references = new List<SliceReference>();
        for (int patient = 0; patient < sliceCounts.Count; patient++)
        {
            int count = sliceCounts[patient];
            int taken = perPatient == 0 ? count : Math.Min(count, perPatient);
            for (int i = 0; i < taken; i++)
                references.Add(new SliceReference(patient, (int)((i + 0.5) * count / taken)));
        }
        return references.ToArray();
    }
}
