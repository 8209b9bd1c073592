using System.Globalization;
using Wsp.Data.Subjects;
using Wsp.Data.Synthetic;

namespace Wsp.Samples.CirrhosisTraining;

/// <summary>Where the cohorts come from: generated (the default) or real tables in the authors' format.</summary>
public static class CohortSource
{
    /// <summary>Generates the synthetic cohort into the output folder, or reads and checks the real tables.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="progress">Receives the generation's progress.</param>
    /// <param name="cancellationToken">Stops the generation.</param>
    /// <exception cref="InvalidDataException">A table misses a label the experiment needs; the message names the subject.</exception>
    public static CohortTables Prepare(SampleOptions options, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UsesRealData ? ReadReal(options) : Generate(options, progress, cancellationToken);
    }

    private static CohortTables ReadReal(SampleOptions options)
    {
        SubjectTable histology = SubjectTable.ReadAuthorsFormat(options.HistologyTable!, options.HistologyImages!);
        histology.EnsureFilesExist();
        SubjectTable? weak = null;
        if (options.WeakTable is not null)
        {
            weak = SubjectTable.ReadAuthorsFormat(options.WeakTable, options.WeakImages!);
            weak.EnsureFilesExist();
            Subject? unlabelled = weak.Subjects.FirstOrDefault(s => s.WeakLabel is null);
            if (unlabelled is not null)
                throw new InvalidDataException($"{weak.Source}: subject '{unlabelled.Id}' has no weak label (column 'class').");
            var shared = weak.Subjects.Select(s => s.Id).Intersect(histology.Subjects.Select(s => s.Id)).FirstOrDefault();
            if (shared is not null)
                throw new InvalidDataException($"Subject '{shared}' is in both {weak.Source} and {histology.Source}; pretraining on evaluation patients would leak.");
        }
        string description = string.Create(CultureInfo.InvariantCulture,
            $"real data: {histology.Subjects.Count} histology patients ({histology.Source}), {weak?.Subjects.Count ?? 0} weakly labelled ({weak?.Source ?? "none"})");
        return new CohortTables(weak, histology, description);
    }

    private static CohortTables Generate(SampleOptions options, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        const string Stage = "Generating the cohort";
        var cohortOptions = new SyntheticCohortOptions
        {
            Seed = options.Seed,
            WeakPatients = options.WeakPatients,
            HistologyPatients = options.HistologyPatients,
            WeakLabelNoise = options.WeakLabelNoise,
        };
        int total = options.WeakPatients + options.HistologyPatients;
        var generated = new SynchronousProgress<int>(done => progress?.Report(new StageProgress(Stage, (double)done / total, $"{done}/{total} volumes")));
        SyntheticCohort cohort = SyntheticCohortGenerator.Generate(Path.Combine(options.OutputDirectory, "cohort"), cohortOptions, generated, cancellationToken);
        progress?.Report(new StageProgress(Stage, 1, $"{total} volumes"));
        var weak = new SubjectTable(cohort.Subjects.Subjects.Where(s => s.StrongLabel is null), cohort.Subjects.Source + " (weak labels only)");
        var histology = new SubjectTable(cohort.Subjects.Subjects.Where(s => s.StrongLabel is not null), cohort.Subjects.Source + " (histology)");
        string description = string.Create(CultureInfo.InvariantCulture,
            $"synthetic cohort, seed {options.Seed}: {weak.Subjects.Count} weakly labelled patients, {histology.Subjects.Count} with histology ({histology.Subjects.Count(s => s.StrongLabel == 1)} cirrhotic), weak-reading error rate {cohortOptions.WeakLabelNoise:G3}, {cohortOptions.Width} x {cohortOptions.Height} x {cohortOptions.Slices} volumes");
        return new CohortTables(weak, histology, description);
    }
}
