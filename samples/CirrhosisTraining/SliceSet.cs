using Wsp.Data.Loading;
using Wsp.Data.Subjects;
using Wsp.Data.Volumes;

namespace Wsp.Samples.CirrhosisTraining;

/// <summary>A cohort's subjects, their loader and the number of kept slices of each.</summary>
public sealed class SliceSet
{
    /// <summary>Opens the cohort; counting the kept slices decodes every volume once (and fills the cache).</summary>
    /// <param name="subjects">The subjects.</param>
    /// <param name="slicer">How volumes become slices.</param>
    /// <param name="cacheBudgetBytes">Memory for processed slices.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    public SliceSet(SubjectTable subjects, VolumeSlicer slicer, long cacheBudgetBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        Subjects = subjects;
        Loader = new SliceLoader(subjects, slicer, new SliceLoaderOptions { CacheBudgetBytes = cacheBudgetBytes });
        SliceCounts = Loader.CountSlices(cancellationToken);
    }

    /// <summary>The subjects.</summary>
    public SubjectTable Subjects { get; }

    /// <summary>The loader of their slices.</summary>
    public SliceLoader Loader { get; }

    /// <summary>Kept slices of each subject.</summary>
    public IReadOnlyList<int> SliceCounts { get; }

    /// <summary>Number of subjects.</summary>
    public int Count => SliceCounts.Count;
}
