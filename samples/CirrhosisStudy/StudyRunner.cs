using Wsp.Core.IO;
using Wsp.Samples.CirrhosisTraining;
using Wsp.Samples.CirrhosisTraining.Reporting;

namespace Wsp.Samples.CirrhosisStudy;

/// <summary>
/// Runs the cells of the grid one after the other. Each cell is the cirrhosis sample's experiment in its own folder
/// under <see cref="StudyOptions.OutputDirectory"/> (cohort, checkpoints, results); a cell whose results exist is
/// not run again, and an interrupted cell resumes from its pretraining checkpoints. Each finished cell's small
/// files (results.csv, results.md, the per-patient predictions) are copied to <see cref="StudyOptions.RunsDirectory"/>.
/// </summary>
public sealed class StudyRunner
{
    private readonly StudyOptions _options;
    private readonly TextWriter _log;

    /// <summary>Creates the runner.</summary>
    /// <param name="options">The study's settings.</param>
    /// <param name="log">Receives a line per stage and per cell.</param>
    public StudyRunner(StudyOptions options, TextWriter log)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>Runs every cell not yet finished.</summary>
    /// <param name="cells">The cells, in order.</param>
    /// <param name="cancellationToken">Stops the run; finished epochs stay checkpointed.</param>
    public async Task RunAsync(IReadOnlyList<StudyCell> cells, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cells);
        for (int i = 0; i < cells.Count; i++)
        {
            StudyCell cell = cells[i];
            string published = Path.Combine(_options.RunsDirectory, cell.Name, "results.csv");
            if (File.Exists(published))
            {
                _log.WriteLine($"[{i + 1}/{cells.Count}] {cell}: done before, kept");
                continue;
            }
            _log.WriteLine($"[{i + 1}/{cells.Count}] {cell}: running");
            SampleOptions sample = CellOptions(cell);
            var runner = new ExperimentRunner(sample);
            var progress = new StageLog(_log, $"[{i + 1}/{cells.Count}] ");
            ExperimentResults results = await runner.RunAsync(progress, cancellationToken).ConfigureAwait(false);
            var uncertainty = UncertaintyTable.Compute(results.Results, sample.Seed);
            ReportWriter.WriteAll(sample, results, uncertainty);
            Publish(sample.OutputDirectory, Path.Combine(_options.RunsDirectory, cell.Name));
            _log.WriteLine($"[{i + 1}/{cells.Count}] {cell}: finished in {results.Elapsed.TotalMinutes:F1} min");
        }
    }

    /// <summary>The cirrhosis sample's settings for one cell: its defaults except the cell's error rate, seed and sigma.</summary>
    /// <param name="cell">The cell.</param>
    public SampleOptions CellOptions(StudyCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return new SampleOptions
        {
            Seed = cell.Seed,
            WeakLabelNoise = cell.WeakLabelNoise,
            Sigma = cell.Sigma,
            FineTune = _options.FineTune,
            Threads = _options.Threads,
            OutputDirectory = Path.Combine(_options.OutputDirectory, cell.Name),
        };
    }

    // The results file goes last, so that a folder holding results.csv is complete.
    private static void Publish(string from, string to)
    {
        Directory.CreateDirectory(Path.Combine(to, "predictions"));
        foreach (string file in Directory.GetFiles(Path.Combine(from, "predictions"), "*.csv"))
            Copy(file, Path.Combine(to, "predictions", Path.GetFileName(file)));
        Copy(Path.Combine(from, "results.md"), Path.Combine(to, "results.md"));
        Copy(Path.Combine(from, "results.csv"), Path.Combine(to, "results.csv"));
    }

    private static void Copy(string from, string to) => AtomicFile.Write(to, temporary => File.Copy(from, temporary, overwrite: true));
}
