using Wsp.Data.Subjects;
using Wsp.Data.Volumes;

namespace Wsp.Data.Loading;

/// <summary>
/// A cohort ready for training or evaluation: its subjects, the loader of their slices and the number of kept slices
/// of each subject (counted once, when the cohort is opened).
/// </summary>
public sealed class SliceCohort
{
    /// <summary>Opens the cohort; counting the kept slices decodes every volume once (and fills the loader's cache).</summary>
    /// <param name="subjects">The subjects; at least one.</param>
    /// <param name="slicer">How volumes become slices.</param>
    /// <param name="options">The loader's cache and parallelism; defaults when null.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <exception cref="ArgumentException">The table holds no subject; the message names it.</exception>
    public SliceCohort(SubjectTable subjects, VolumeSlicer slicer, SliceLoaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(slicer);
        if (subjects.Subjects.Count == 0)
            throw new ArgumentException($"{subjects.Source} holds no subject; a cohort needs at least one.", nameof(subjects));
        Subjects = subjects;
        Loader = new SliceLoader(subjects, slicer, options);
        SliceCounts = Loader.CountSlices(cancellationToken);
    }

    /// <summary>The subjects.</summary>
    public SubjectTable Subjects { get; }

    /// <summary>The loader of their slices.</summary>
    public SliceLoader Loader { get; }

    /// <summary>Kept slices of each subject, in the table's order.</summary>
    public IReadOnlyList<int> SliceCounts { get; }

    /// <summary>Number of subjects.</summary>
    public int Count => SliceCounts.Count;
}
