namespace Wsp.Data.Sampling;

/// <summary>
/// Stratified k-fold splits by patient: each class's patients are shuffled (seeded) and dealt round-robin
/// to the folds, so every fold keeps the class proportions and a patient is in exactly one test fold.
/// </summary>
public static class StratifiedKFold
{
    /// <summary>The k (train, test) splits of patient indices.</summary>
    /// <param name="labels">Class of each patient (e.g. cirrhosis from histology).</param>
    /// <param name="folds">k, at least 2.</param>
    /// <param name="seed">Seed of the shuffle.</param>
    /// <exception cref="ArgumentException">There are no patients (k empty folds would follow), or a class has fewer patients than folds (some test fold would miss it).</exception>
    public static IReadOnlyList<(int[] Train, int[] Test)> Split(IReadOnlyList<int> labels, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        if (labels.Count == 0)
            throw new ArgumentException("No patients to split: the cohort is empty.", nameof(labels));
        var classes = labels.Select((label, patient) => (label, patient)).GroupBy(x => x.label).OrderBy(g => g.Key).ToList();
        var small = classes.FirstOrDefault(g => g.Count() < folds);
        if (small is not null)
            throw new ArgumentException($"Class {small.Key} has {small.Count()} patient(s), fewer than the {folds} folds; use fewer folds.", nameof(folds));

        var random = new Random(seed);
        var testFolds = Enumerable.Range(0, folds).Select(_ => new List<int>()).ToArray();
        int next = 0;
        foreach (var group in classes)
        {
            int[] patients = group.Select(x => x.patient).ToArray();
            random.Shuffle(patients);
            foreach (int patient in patients)
                testFolds[next++ % folds].Add(patient);
        }
        return testFolds.Select(test =>
        {
            var inTest = test.ToHashSet();
            int[] train = Enumerable.Range(0, labels.Count).Where(p => !inTest.Contains(p)).ToArray();
            return (train, test.OrderBy(p => p).ToArray());
        }).ToArray();
    }
}
