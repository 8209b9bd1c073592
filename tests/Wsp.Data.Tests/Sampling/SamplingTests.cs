using Wsp.Data.Sampling;

namespace Wsp.Data.Tests.Sampling;

public sealed class SamplingTests
{
    private static readonly int[] Labels = Enumerable.Range(0, 100).Select(p => p < 80 ? 0 : p < 95 ? 1 : 2).ToArray();
    private static readonly int[] Slices = Enumerable.Range(0, 100).Select(p => 5 + p % 7).ToArray();

    [Fact]
    public void Batches_HoldDistinctPatientsAndValidSlices()
    {
        var sampler = new PatientBatchSampler(Labels, Slices, batchSize: 16, seed: 3);
        foreach (SliceReference[] batch in sampler.Epoch(0))
        {
            batch.Should().HaveCount(16);
            batch.Select(r => r.Patient).Should().OnlyHaveUniqueItems();
            batch.Should().OnlyContain(r => r.Slice >= 0 && r.Slice < Slices[r.Patient]);
        }
        sampler.Epoch(0).Should().HaveCount(100 / 16);
    }

    [Fact]
    public void Epochs_AreReproducibleAndDiffer()
    {
        var a = new PatientBatchSampler(Labels, Slices, 16, seed: 3);
        var b = new PatientBatchSampler(Labels, Slices, 16, seed: 3);
        a.Epoch(2).SelectMany(x => x).Should().Equal(b.Epoch(2).SelectMany(x => x));
        a.Epoch(2).SelectMany(x => x).Should().NotEqual(a.Epoch(3).SelectMany(x => x));
    }

    [Fact]
    public void ClassBalanced_DrawsRareClassesFarMoreOftenThanUniform()
    {
        double RareShare(PatientWeighting weighting)
        {
            var sampler = new PatientBatchSampler(Labels, Slices, 8, seed: 1, weighting, batchesPerEpoch: 500);
            var drawn = sampler.Epoch(0).SelectMany(x => x).ToList();
            return drawn.Count(r => Labels[r.Patient] == 2) / (double)drawn.Count;
        }
        // Uniform: 5 % of patients are class 2. Balanced: each class holds a third of the probability
        // mass; drawing 8 without replacement depletes class 2's five patients, which brings it under 1/3.
        RareShare(PatientWeighting.Uniform).Should().BeApproximately(0.05, 0.02);
        RareShare(PatientWeighting.ClassBalanced).Should().BeInRange(0.2, 1.0 / 3);
    }

    [Fact]
    public void BatchLargerThanCohort_IsRefused()
    {
        Action create = () => _ = new PatientBatchSampler(new[] { 0, 1, 0 }, new[] { 3, 3, 3 }, batchSize: 4, seed: 0);
        create.Should().Throw<ArgumentException>().WithMessage("*4 distinct patients*3 patients*");
    }

    [Fact]
    public void EvaluationSampler_VisitsEverySliceOnce()
    {
        var references = EvaluationSampler.Batches(new[] { 3, 1, 4 }, batchSize: 3).ToList();
        references.Select(b => b.Length).Should().Equal(3, 3, 2);
        references.SelectMany(b => b).Should().Equal(
            new SliceReference(0, 0), new SliceReference(0, 1), new SliceReference(0, 2), new SliceReference(1, 0),
            new SliceReference(2, 0), new SliceReference(2, 1), new SliceReference(2, 2), new SliceReference(2, 3));
    }

    [Fact]
    public void StratifiedKFold_PartitionsPatientsAndKeepsProportions()
    {
        int[] labels = Enumerable.Range(0, 49).Select(p => p < 15 ? 1 : 0).ToArray();
        var folds = StratifiedKFold.Split(labels, 5, seed: 7);

        folds.SelectMany(f => f.Test).Should().BeEquivalentTo(Enumerable.Range(0, 49));
        foreach (var (train, test) in folds)
        {
            train.Intersect(test).Should().BeEmpty();
            (train.Length + test.Length).Should().Be(49);
            test.Count(p => labels[p] == 1).Should().BeInRange(3, 3);
        }
        StratifiedKFold.Split(labels, 5, seed: 7).Select(f => f.Test).Should().BeEquivalentTo(folds.Select(f => f.Test), o => o.WithStrictOrdering());
    }

    [Fact]
    public void StratifiedKFold_ClassSmallerThanFolds_IsRefused()
    {
        Action split = () => StratifiedKFold.Split(new[] { 0, 0, 0, 0, 1, 1 }, 3, 0);
        split.Should().Throw<ArgumentException>().WithMessage("*Class 1 has 2 patient(s)*3 folds*");
    }

    [Fact]
    public void EmptyCohort_IsRefusedBySamplerAndFolds()
    {
        Action sample = () => _ = new PatientBatchSampler(Array.Empty<int>(), Array.Empty<int>(), batchSize: 2, seed: 1);
        sample.Should().Throw<ArgumentException>().WithMessage("*from 0 patients*");
        Action split = () => StratifiedKFold.Split(Array.Empty<int>(), folds: 5, seed: 1);
        split.Should().Throw<ArgumentException>().WithMessage("*cohort is empty*");
    }
}
