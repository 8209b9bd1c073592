using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Data.Subjects;
using Wsp.Data.Synthetic;
using Wsp.Data.Volumes;

namespace Wsp.Samples.PremiseCheck;

/// <summary>
/// The weakly labelled patients of the main job's synthetic cohort, generated with no reading error so that the weak
/// label is the radiological grade the phantom draws, split by patient (stratified by grade) into a training part and a
/// held-out fifth, sliced as pretraining slices them (central 70 %, soft-tissue window, 64 px).
/// </summary>
public sealed class PremiseCohort
{
    // The generator writes TotalSegmentator's labels; 5 is the liver.
    private const int LiverLabel = 5;

    private PremiseCohort(SubjectTable training, SubjectTable test, VolumeSlicer slicer, SubjectTable all)
    {
        Training = training;
        Test = test;
        Slicer = slicer;
        All = all;
    }

    /// <summary>The patients the classifiers train on.</summary>
    public SubjectTable Training { get; }

    /// <summary>The held-out patients.</summary>
    public SubjectTable Test { get; }

    /// <summary>Every weakly labelled patient (the SupCon control pretrains on them, as the main job does).</summary>
    public SubjectTable All { get; }

    /// <summary>The pretraining's slicing.</summary>
    public VolumeSlicer Slicer { get; }

    /// <summary>Generates the cohort into <paramref name="folder"/> and splits it.</summary>
    /// <param name="folder">Where the volumes go.</param>
    /// <param name="seed">Seed of the cohort and of the split.</param>
    /// <param name="weakLabelNoise">The weak reading's error rate (0: the weak label is the drawn grade).</param>
    public static PremiseCohort Create(string folder, int seed, double weakLabelNoise)
    {
        SyntheticCohort cohort = SyntheticCohortGenerator.Generate(folder, new SyntheticCohortOptions { Seed = seed, WeakLabelNoise = weakLabelNoise });
        var weak = cohort.Subjects.Subjects.Where(s => s.StrongLabel is null).ToArray();
        var (train, test) = StratifiedKFold.Split(weak.Select(s => s.WeakLabel!.Value).ToArray(), folds: 5, seed)[0];
        var slicer = new VolumeSlicer(new CentralFractionSelection(0.7), IntensityMapping.SoftTissueWindow, size: 64);
        return new PremiseCohort(new SubjectTable(train.Select(i => weak[i]), "training patients"),
            new SubjectTable(test.Select(i => weak[i]), "held-out patients"), slicer, new SubjectTable(weak, "weakly labelled patients"));
    }

    /// <summary>The indices of a subject's slices that cut through the liver (label 5 of its label map).</summary>
    /// <param name="subject">The subject; it must have a label map.</param>
    public IReadOnlySet<int> LiverSlices(Subject subject)
    {
        var organ = new VolumeSlicer(new OrganSelection(LiverLabel), Slicer.Intensity, Slicer.Size);
        using SliceStack stack = organ.Load(subject);
        return stack.SliceIndices.ToHashSet();
    }

    /// <summary>Opens a slice cohort over <paramref name="table"/> with the pretraining's slicing.</summary>
    /// <param name="table">The patients.</param>
    public SliceCohort Open(SubjectTable table) => new(table, Slicer, new SliceLoaderOptions { CacheBudgetBytes = 1L << 30 });
}
