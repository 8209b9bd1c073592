using System.Globalization;
using System.Text;
using Wsp.Core.IO;
using Wsp.Evaluation;

namespace Wsp.Samples.CirrhosisStudy;

/// <summary>Writes the study's tables (study.csv, comparisons.csv, study.md) and figure (study.png, the linear probe), each file atomically.</summary>
public static class StudyReport
{
    /// <summary>What the intervals and p-values mean, printed under the tables.</summary>
    public const string Caveat =
        "Pooled over seeds: each seed is its own cohort (80 histology patients), pretrained and cross-validated on its own; a pooled AUC is the " +
        "mean of the seeds' out-of-fold AUCs, with a 95 % interval from a bootstrap of each seed's patients stratified by histology (2,000 " +
        "resamples). ΔAUC is the mean of the seeds' differences on the same patients, its interval and p from DeLong's variances combined over " +
        "the independent cohorts. Both describe the sampling of patients, not the spread between training runs, which the per-seed table shows. " +
        "p-values are two-sided, not corrected for the 12 comparisons per protocol; a large p is no evidence of equal AUCs.";

    /// <summary>Writes every file into <paramref name="folder"/>.</summary>
    /// <param name="folder">The report folder (<see cref="StudyOptions.ReportDirectory"/>).</param>
    /// <param name="results">The pooled results.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Write(string folder, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Directory.CreateDirectory(folder);
        string rows = Path.Combine(folder, "study.csv");
        string comparisons = Path.Combine(folder, "comparisons.csv");
        string markdown = Path.Combine(folder, "study.md");
        RowsCsv(results.Rows).Write(rows);
        ComparisonsCsv(results.Comparisons).Write(comparisons);
        AtomicFile.WriteAllText(markdown, Markdown(results));
        var files = new List<string> { rows, comparisons, markdown };
        // study.png for the linear probe (the study's protocol), study-fine-tuning.png when fine-tuning ran too.
        foreach (var protocol in results.Rows.Where(r => r.Sigma == StudyGrid.DefaultSigma).GroupBy(r => r.Protocol))
        {
            string figure = Path.Combine(folder, protocol.Key == "linear probe" ? "study.png" : $"study-{protocol.Key.Replace(' ', '-')}.png");
            StudyChart.Write(figure, protocol.ToArray());
            files.Add(figure);
        }
        return files;
    }

    /// <summary>The study in Markdown: pooled AUCs, per-seed AUCs, WSP against each baseline, balanced accuracies.</summary>
    /// <param name="results">The pooled results.</param>
    public static string Markdown(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.Append(Invariant($"# Cirrhosis study: {results.FinishedCells.Count} of {results.Cells.Count} cells finished\n\n"));
        text.Append(Invariant($"Cells: {string.Join(", ", results.FinishedCells.Select(c => c.Name))}.\n\n"));
        foreach (string protocol in results.Rows.Select(r => r.Protocol).Distinct())
        {
            var rows = results.Rows.Where(r => r.Protocol == protocol).ToArray();
            var points = rows.Select(r => (r.ErrorRate, r.Sigma)).Distinct().OrderBy(p => p.Sigma).ThenBy(p => p.ErrorRate).ToArray();
            text.Append(Invariant($"## {protocol}: patient AUC, mean over seeds [95 % CI]\n\n| method |"));
            foreach (var p in points)
                text.Append(Invariant($" error {p.ErrorRate:0.##}{SigmaNote(p.Sigma)} (seeds {SeedList(rows.First(r => (r.ErrorRate, r.Sigma) == p).Seeds)}) |"));
            text.Append("\n|---|").Append(string.Concat(points.Select(_ => "---:|"))).Append('\n');
            foreach (string method in rows.Select(r => r.Method).Distinct())
            {
                text.Append("| ").Append(method).Append(" |");
                foreach (var p in points)
                    text.Append(' ').Append(rows.FirstOrDefault(r => r.Method == method && (r.ErrorRate, r.Sigma) == p)?.Auc.Format() ?? "").Append(" |");
                text.Append('\n');
            }

            text.Append(Invariant($"\n## {protocol}: WSP against each baseline, ΔAUC [95 % CI], p, seeds where WSP is higher\n\n| baseline |"));
            var comparisons = results.Comparisons.Where(c => c.Protocol == protocol).ToArray();
            foreach (var p in points)
                text.Append(Invariant($" error {p.ErrorRate:0.##}{SigmaNote(p.Sigma)} |"));
            text.Append("\n|---|").Append(string.Concat(points.Select(_ => "---:|"))).Append('\n');
            foreach (string baseline in comparisons.Select(c => c.Baseline).Distinct())
            {
                text.Append("| ").Append(baseline).Append(" |");
                foreach (var p in points)
                {
                    StudyComparison? c = comparisons.FirstOrDefault(c => c.Baseline == baseline && (c.ErrorRate, c.Sigma) == p);
                    text.Append(' ').Append(c is null ? "" : Invariant($"{c.Pooled.Difference:+0.000;-0.000} [{c.Pooled.Lower:+0.000;-0.000}, {c.Pooled.Upper:+0.000;-0.000}], p {c.Pooled.PValue:0.000}, {c.SeedsWhereWspIsHigher}/{c.PerSeed.Count}")).Append(" |");
                }
                text.Append('\n');
            }

            text.Append(Invariant($"\n## {protocol}: each seed's pooled out-of-fold AUC\n\n| error | sigma | method |"));
            int[] seeds = rows.SelectMany(r => r.Seeds.Select(s => s.Seed)).Distinct().Order().ToArray();
            foreach (int seed in seeds)
                text.Append(Invariant($" seed {seed} |"));
            text.Append(" standard deviation |\n|---:|---:|---|").Append(string.Concat(seeds.Select(_ => "---:|"))).Append("---:|\n");
            foreach (StudyRow row in rows)
            {
                text.Append(Invariant($"| {row.ErrorRate:0.##} | {row.Sigma:0.##} | {row.Method} |"));
                foreach (int seed in seeds)
                    text.Append(Invariant($" {row.Seeds.FirstOrDefault(s => s.Seed == seed)?.Auc.ToString("0.000", CultureInfo.InvariantCulture) ?? ""} |"));
                text.Append(Invariant($" {StandardDeviation(row.Seeds.Select(s => s.Auc).ToArray()):0.000} |\n"));
            }

            text.Append(Invariant($"\n## {protocol}: balanced accuracy, mean over seeds [95 % CI]\n\n| method |"));
            foreach (var p in points)
                text.Append(Invariant($" error {p.ErrorRate:0.##}{SigmaNote(p.Sigma)} |"));
            text.Append("\n|---|").Append(string.Concat(points.Select(_ => "---:|"))).Append('\n');
            foreach (string method in rows.Select(r => r.Method).Distinct())
            {
                text.Append("| ").Append(method).Append(" |");
                foreach (var p in points)
                    text.Append(' ').Append(rows.FirstOrDefault(r => r.Method == method && (r.ErrorRate, r.Sigma) == p)?.BalancedAccuracy.Format() ?? "").Append(" |");
                text.Append('\n');
            }
            text.Append('\n');
        }
        return text.Append(Caveat).Append('\n').ToString();
    }

    private static CsvText RowsCsv(IReadOnlyList<StudyRow> rows)
    {
        var table = new CsvText("error_rate", "sigma", "method", "evaluation", "seeds", "auc_mean", "auc_low", "auc_high",
            "balanced_accuracy_mean", "balanced_accuracy_low", "balanced_accuracy_high", "seed_aucs", "seed_balanced_accuracies", "auc_seed_std");
        foreach (StudyRow r in rows)
            table.Row(r.ErrorRate, r.Sigma, r.Method, r.Protocol, SeedList(r.Seeds), r.Auc.Estimate, r.Auc.Lower, r.Auc.Upper,
                r.BalancedAccuracy.Estimate, r.BalancedAccuracy.Lower, r.BalancedAccuracy.Upper,
                string.Join(';', r.Seeds.Select(s => s.Auc.ToString("R", CultureInfo.InvariantCulture))),
                string.Join(';', r.Seeds.Select(s => s.BalancedAccuracy.ToString("R", CultureInfo.InvariantCulture))),
                StandardDeviation(r.Seeds.Select(s => s.Auc).ToArray()));
        return table;
    }

    private static CsvText ComparisonsCsv(IReadOnlyList<StudyComparison> comparisons)
    {
        var table = new CsvText("error_rate", "sigma", "evaluation", "method", "baseline", "seeds", "delta_auc", "delta_auc_low", "delta_auc_high",
            "standard_error", "p", "seeds_wsp_higher", "seed_deltas", "seed_p");
        foreach (StudyComparison c in comparisons)
            table.Row(c.ErrorRate, c.Sigma, c.Protocol, "WSP", c.Baseline, string.Join(';', c.SeedNumbers), c.Pooled.Difference, c.Pooled.Lower, c.Pooled.Upper,
                c.Pooled.StandardError, c.Pooled.PValue, c.SeedsWhereWspIsHigher,
                string.Join(';', c.PerSeed.Select(r => r.Difference.ToString("R", CultureInfo.InvariantCulture))),
                string.Join(';', c.PerSeed.Select(r => r.PValue.ToString("R", CultureInfo.InvariantCulture))));
        return table;
    }

    // The sample standard deviation; 0 for a single seed.
    private static double StandardDeviation(double[] values)
    {
        if (values.Length < 2)
            return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    private static string SeedList(IReadOnlyList<SeedPredictions> seeds) => string.Join(',', seeds.Select(s => s.Seed));

    private static string SigmaNote(double sigma) => sigma == StudyGrid.DefaultSigma ? "" : Invariant($", sigma {sigma:0.##}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
