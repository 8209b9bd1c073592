using System.Globalization;
using Wsp.Evaluation;
using Wsp.Samples.CirrhosisTraining.Reporting;

namespace Wsp.Samples.CirrhosisTraining;

/// <summary>Writes the run's results: tables, charts and every patient's prediction, each file atomically.</summary>
public static class ReportWriter
{
    /// <summary>Writes everything into the output folder.</summary>
    /// <param name="options">The run's settings (named in the header).</param>
    /// <param name="results">The run's results.</param>
    /// <param name="uncertainty">The results' intervals and tests (<see cref="UncertaintyTable.Compute"/>), added to results.csv and results.md.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> WriteAll(SampleOptions options, ExperimentResults results, IReadOnlyList<UncertaintyRow>? uncertainty = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(results);
        string folder = options.OutputDirectory;
        Directory.CreateDirectory(Path.Combine(folder, "predictions"));
        var files = new List<string>();

        string header = string.Create(CultureInfo.InvariantCulture,
            $"{options.Describe()}. Patient-level AUC and balanced accuracy (Youden cut-off from the training patients), mean ± standard deviation over the folds; wall time {results.Elapsed.TotalMinutes:F1} min on {Environment.ProcessorCount} cores.");
        files.Add(Write(Path.Combine(folder, "results.csv"), path => ResultsTableWriter.WriteCsv(path, results.Results, uncertainty)));
        files.Add(Write(Path.Combine(folder, "results.md"), path => ResultsTableWriter.WriteMarkdown(path, results.Results, header, uncertainty)));
        foreach (EvaluationProtocol evaluation in results.Results.Select(r => r.Evaluation).Distinct())
            files.Add(Write(Path.Combine(folder, $"roc-{evaluation.DisplayName().Replace(' ', '-')}.png"), path => ChartWriter.WriteRocCurves(path, results.Results, evaluation)));
        if (results.TrainingLosses.Count > 0)
            files.Add(Write(Path.Combine(folder, "pretraining-loss.png"), path => ChartWriter.WriteLossCurves(path, results.TrainingLosses,
                results.ValidationLosses.Values.Any(v => v.Count > 0) ? results.ValidationLosses : null)));
        foreach (MethodResult result in results.Results)
        {
            string name = $"{result.MethodName}-{result.EvaluationName}".ToLowerInvariant().Replace(' ', '-');
            files.Add(Write(Path.Combine(folder, "predictions", name + ".csv"), path => CrossValidation.WritePredictions(path, result.Predictions)));
        }
        return files;
    }

    private static string Write(string path, Action<string> write)
    {
        write(path);
        return path;
    }
}
