using System.Globalization;
using System.Text;
using Spectre.Console;
using Wsp.Evaluation;
using Wsp.Training;

namespace Wsp.Samples.CirrhosisTraining.Reporting;

/// <summary>
/// Every result with its uncertainty: AUC and balanced accuracy of the pooled out-of-fold predictions with 95 %
/// stratified bootstrap intervals over patients (2,000 resamples, seeded by the run's seed), and the AUC difference
/// from no pretraining and from the best baseline on the same patients, with DeLong's 95 % interval and p-value.
/// </summary>
public static class UncertaintyTable
{
    /// <summary>What the p-values mean, printed under the table.</summary>
    public const string Caveat =
        "Intervals: 95 % stratified bootstrap over patients of the pooled out-of-fold predictions (cut-offs not re-chosen). " +
        "ΔAUC: DeLong's test on the same patients. A p-value tests these trained encoders on these patients and this split, " +
        "not the method across cohorts or training runs; with 80 patients only large differences are detectable, a large p " +
        "is no evidence of equivalence, and the rows are not corrected for multiple comparisons.";

    private static readonly PretrainingMethod[] Baselines = [PretrainingMethod.None, PretrainingMethod.SimClr, PretrainingMethod.SupCon, PretrainingMethod.YAware];

    /// <summary>The rows, in the order of <paramref name="results"/>.</summary>
    /// <param name="results">One result per method and evaluation.</param>
    /// <param name="seed">Seed of the bootstrap.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    public static IReadOnlyList<UncertaintyRow> Compute(IReadOnlyList<MethodResult> results, int seed, int resamples = PatientBootstrap.DefaultResamples)
    {
        ArgumentNullException.ThrowIfNull(results);
        // The bootstrap runs once per result; the comparisons below need only DeLong's test.
        var pooled = results.ToDictionary(r => r, r => MethodComparison.Compare(r.MethodName, r.Run, r.MethodName, r.Run, resamples, 0.95, seed));
        var rows = new List<UncertaintyRow>();
        foreach (MethodResult result in results)
        {
            var sameProtocol = results.Where(r => r.Evaluation == result.Evaluation).ToArray();
            MethodResult? none = sameProtocol.FirstOrDefault(r => r.Method == PretrainingMethod.None && r.Method != result.Method);
            MethodResult? best = sameProtocol.Where(r => Baselines.Contains(r.Method) && r.Method != result.Method)
                .OrderByDescending(r => pooled[r].Auc.Estimate).FirstOrDefault();
            rows.Add(new UncertaintyRow(result, pooled[result],
                none is null ? null : Versus(result, none),
                best?.Method,
                best is null ? null : Versus(result, best)));
        }
        return rows;
    }

    /// <summary>The table in Markdown, with <see cref="Caveat"/> below it.</summary>
    /// <param name="rows">The rows.</param>
    public static string ToMarkdown(IReadOnlyList<UncertaintyRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder("| ").AppendJoin(" | ", Columns).Append(" |\n");
        text.Append('|').AppendJoin('|', Columns.Select((_, i) => i < 2 ? "---" : "---:")).Append("|\n");
        foreach (string[] cells in rows.Select(Cells))
            text.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
        return text.Append('\n').Append(Caveat).Append('\n').ToString();
    }

    /// <summary>The table for the console.</summary>
    /// <param name="rows">The rows.</param>
    public static Table ToSpectreTable(IReadOnlyList<UncertaintyRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table();
        foreach ((string column, int index) in Columns.Select((c, i) => (c, i)))
            table.AddColumn(new TableColumn(Markup.Escape(column)) { Alignment = index < 2 ? Justify.Left : Justify.Right });
        foreach (string[] cells in rows.Select(Cells))
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        return table;
    }

    /// <summary>The numbers of a row for results.csv, in the order of <see cref="CsvColumns"/>.</summary>
    /// <param name="row">The row.</param>
    public static object?[] CsvFields(UncertaintyRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return
        [
            row.Pooled.Auc.Estimate, row.Pooled.Auc.Lower, row.Pooled.Auc.Upper,
            row.Pooled.BalancedAccuracy.Estimate, row.Pooled.BalancedAccuracy.Lower, row.Pooled.BalancedAccuracy.Upper,
            row.VersusNone?.Difference, row.VersusNone?.Lower, row.VersusNone?.Upper, row.VersusNone?.PValue,
            row.BestBaseline?.DisplayName(), row.VersusBestBaseline?.Difference, row.VersusBestBaseline?.Lower, row.VersusBestBaseline?.Upper, row.VersusBestBaseline?.PValue,
        ];
    }

    /// <summary>The columns <see cref="CsvFields"/> fills.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
    [
        "pooled_auc", "pooled_auc_low", "pooled_auc_high", "pooled_balanced_accuracy", "pooled_balanced_accuracy_low", "pooled_balanced_accuracy_high",
        "delta_auc_vs_none", "delta_auc_vs_none_low", "delta_auc_vs_none_high", "p_vs_none",
        "best_baseline", "delta_auc_vs_best_baseline", "delta_auc_vs_best_baseline_low", "delta_auc_vs_best_baseline_high", "p_vs_best_baseline",
    ];

    private static readonly string[] Columns =
        ["method", "evaluation", "AUC [95 % CI]", "bal. acc. [95 % CI]", "ΔAUC vs None [95 % CI], p", "ΔAUC vs best baseline [95 % CI], p"];

    private static DeLongResult Versus(MethodResult result, MethodResult reference) =>
        MethodComparison.Versus(result.MethodName, result.Run, reference.MethodName, reference.Run);

    private static string[] Cells(UncertaintyRow row) =>
    [
        row.Result.MethodName,
        row.Result.EvaluationName,
        row.Pooled.Auc.Format(),
        row.Pooled.BalancedAccuracy.Format(),
        row.VersusNone is { } none ? Delta(none) : ResultsTableWriter.Missing,
        row.VersusBestBaseline is { } best ? $"{Delta(best)} ({row.BestBaseline!.Value.DisplayName()})" : ResultsTableWriter.Missing,
    ];

    private static string Delta(DeLongResult d) => string.Create(CultureInfo.InvariantCulture,
        $"{d.Difference:+0.000;-0.000;0.000} [{d.Lower:+0.000;-0.000;0.000}, {d.Upper:+0.000;-0.000;0.000}], p {(d.PValue < 0.001 ? "< 0.001" : d.PValue.ToString("F3", CultureInfo.InvariantCulture))}");
}
