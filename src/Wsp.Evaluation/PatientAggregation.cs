namespace Wsp.Evaluation;

/// <summary>Patient-level predictions from slice-level ones, as in the paper: the mean of a patient's slice probabilities.</summary>
public static class PatientAggregation
{
    /// <summary>Mean slice probability per patient, in order of first appearance.</summary>
    /// <param name="patientIds">The patient of each slice.</param>
    /// <param name="sliceProbabilities">The positive-class probability of each slice.</param>
    public static IReadOnlyList<(string PatientId, double Probability, int Slices)> MeanProbabilities(IReadOnlyList<string> patientIds, IReadOnlyList<double> sliceProbabilities)
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        ArgumentNullException.ThrowIfNull(sliceProbabilities);
        if (patientIds.Count != sliceProbabilities.Count)
            throw new ArgumentException($"{patientIds.Count} patient ids but {sliceProbabilities.Count} probabilities.", nameof(sliceProbabilities));
        var sums = new Dictionary<string, (double Sum, int Count, int Order)>(StringComparer.Ordinal);
        for (int i = 0; i < patientIds.Count; i++)
        {
            double p = sliceProbabilities[i];
            if (!(p >= 0 && p <= 1))
                throw new ArgumentException($"Slice {i} of patient '{patientIds[i]}' has probability {p}, outside [0, 1].", nameof(sliceProbabilities));
            sums[patientIds[i]] = sums.TryGetValue(patientIds[i], out var s) ? (s.Sum + p, s.Count + 1, s.Order) : (p, 1, sums.Count);
        }
        return sums.OrderBy(kv => kv.Value.Order).Select(kv => (kv.Key, kv.Value.Sum / kv.Value.Count, kv.Value.Count)).ToArray();
    }
}
