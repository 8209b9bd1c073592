using System.Globalization;
using System.Text;
using Spectre.Console;
using Wsp.Core.IO;
using Wsp.Evaluation;
using Wsp.Training;

namespace Wsp.Samples.CirrhosisTraining.Reporting;

/// <summary>
/// The results table of the cirrhosis experiment as CSV (for scripts), Markdown (for a report) and a Spectre.Console
/// table (for the terminal). Files are written atomically; numbers use the invariant culture.
/// </summary>
public static class ResultsTableWriter
{
    /// <summary>The CSV header; <c>fold_aucs</c> holds the test AUC of each fold, in fold order, separated by semicolons.</summary>
    public const string CsvHeader = "method,evaluation,auc_mean,auc_std,balanced_accuracy_mean,balanced_accuracy_std,folds,fold_aucs";

    /// <summary>What a table cell shows for a method that was not run under an evaluation.</summary>
    public const string Missing = "–";

    private static readonly EvaluationProtocol[] Evaluations = [EvaluationProtocol.LinearProbe, EvaluationProtocol.FineTuning];

    /// <summary>
    /// Writes one row per result under <see cref="CsvHeader"/>. Numbers are written in round-trip form;
    /// standard deviations are over folds (population, as <see cref="Wsp.Evaluation.CrossValidation.Summarize"/> computes them).
    /// </summary>
    /// <param name="path">Destination; replaced atomically.</param>
    /// <param name="results">The results, in the order the rows should have.</param>
    /// <param name="uncertainty">The rows of <see cref="UncertaintyTable"/> for the same results, whose numbers are appended as <see cref="UncertaintyTable.CsvColumns"/>; none when null.</param>
    public static void WriteCsv(string path, IReadOnlyList<MethodResult> results, IReadOnlyList<UncertaintyRow>? uncertainty = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        RequireUnique(results);
        var table = new CsvText([.. CsvHeader.Split(','), .. uncertainty is null ? [] : UncertaintyTable.CsvColumns]);
        foreach (MethodResult result in results)
        {
            var summary = result.Summary;
            string foldAucs = string.Join(';', summary.Folds.OrderBy(f => f.Fold).Select(f => Number(f.Auc)));
            object?[] more = uncertainty is null ? [] : UncertaintyTable.CsvFields(uncertainty.Single(u => u.Result == result));
            table.Row([result.MethodName, result.EvaluationName, summary.AucMean, summary.AucStd, summary.BalancedAccuracyMean, summary.BalancedAccuracyStd,
                summary.Folds.Count, foldAucs, .. more]);
        }
        table.Write(path);
    }

    /// <summary>
    /// Writes <paramref name="header"/> verbatim, a blank line, and a table with one row per method (in order of
    /// first appearance): AUC and balanced accuracy as "mean ± std" with 3 decimals under each evaluation, or
    /// <see cref="Missing"/> where the method was not evaluated that way.
    /// </summary>
    /// <param name="path">Destination; replaced atomically.</param>
    /// <param name="results">The results.</param>
    /// <param name="header">A line above the table, e.g. "## Cirrhosis, 5-fold cross-validation".</param>
    /// <param name="uncertainty">When given, the <see cref="UncertaintyTable"/> follows under its own heading.</param>
    public static void WriteMarkdown(string path, IReadOnlyList<MethodResult> results, string header, IReadOnlyList<UncertaintyRow>? uncertainty = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(header);
        var text = new StringBuilder(header).Append("\n\n");
        text.Append("| ").AppendJoin(" | ", ColumnTitles()).Append(" |\n");
        text.Append('|').AppendJoin('|', ColumnTitles().Select((_, i) => i == 0 ? "---" : "---:")).Append("|\n");
        foreach (string[] row in Rows(results))
            text.Append("| ").AppendJoin(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))).Append(" |\n");
        if (uncertainty is not null)
            text.Append("\n## Uncertainty\n\n").Append(UncertaintyTable.ToMarkdown(uncertainty));
        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>The table of <see cref="WriteMarkdown"/> for the console.</summary>
    /// <param name="results">The results.</param>
    /// <param name="title">An optional caption above the table.</param>
    public static Table ToSpectreTable(IReadOnlyList<MethodResult> results, string? title = null)
    {
        var table = new Table();
        if (title is not null)
            table.Title(Markup.Escape(title));
        foreach ((string column, int index) in ColumnTitles().Select((c, i) => (c, i)))
            table.AddColumn(new TableColumn(Markup.Escape(column)) { Alignment = index == 0 ? Justify.Left : Justify.Right });
        foreach (string[] row in Rows(results))
            table.AddRow(row.Select(Markup.Escape).ToArray());
        return table;
    }

    private static string[] ColumnTitles() =>
        ["method", .. Evaluations.Select(e => $"{e.DisplayName()} AUC"), .. Evaluations.Select(e => $"{e.DisplayName()} bal. acc.")];

    private static List<string[]> Rows(IReadOnlyList<MethodResult> results)
    {
        RequireUnique(results);
        var rows = new List<string[]>();
        foreach (PretrainingMethod method in results.Select(r => r.Method).Distinct())
        {
            MethodResult? Find(EvaluationProtocol evaluation) => results.FirstOrDefault(r => r.Method == method && r.Evaluation == evaluation);
            var found = Evaluations.Select(Find).ToArray();
            rows.Add([
                method.DisplayName(),
                .. found.Select(r => r is null ? Missing : MeanStd(r.Summary.AucMean, r.Summary.AucStd)),
                .. found.Select(r => r is null ? Missing : MeanStd(r.Summary.BalancedAccuracyMean, r.Summary.BalancedAccuracyStd)),
            ]);
        }
        return rows;
    }

    private static void RequireUnique(IReadOnlyList<MethodResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var duplicate = results.GroupBy(r => (r.Method, r.Evaluation)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Method '{duplicate.Key.Method.DisplayName()}' appears {duplicate.Count()} times under '{duplicate.Key.Evaluation.DisplayName()}'; each method needs one result per evaluation.", nameof(results));
        var unknown = results.FirstOrDefault(r => !Evaluations.Contains(r.Evaluation));
        if (unknown is not null)
            throw new ArgumentException($"Method '{unknown.MethodName}' has evaluation {(int)unknown.Evaluation}, which is not a known protocol.", nameof(results));
    }

    private static string MeanStd(double mean, double std) =>
        string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {std:F3}");

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
