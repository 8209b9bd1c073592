using System.Globalization;
using System.Text;
using Wsp.Core.IO;
using Wsp.Evaluation;

namespace Wsp.Cli;

/// <summary>
/// The comparison table of <c>wsp compare</c>: per method and protocol, the folds' AUC mean and standard deviation,
/// the pooled out-of-fold AUC and balanced accuracy with 95 % stratified bootstrap intervals, and the AUC difference
/// from no pretraining and from the best other baseline (the highest pooled AUC among None, SimCLR, SupCon and
/// y-Aware) with DeLong's interval and p on the same patients.
/// </summary>
internal static class ComparisonTable
{
    public const string Caveat =
        "Intervals: 95 % stratified bootstrap over patients of the pooled out-of-fold predictions. ΔAUC: DeLong's test on the same patients. " +
        "A p-value tests these trained encoders on these patients and this split, not the method across cohorts or training runs; with few " +
        "patients only large differences are detectable, a large p is no evidence of equivalence, and rows are not corrected for multiple comparisons.";

    private static readonly string[] Baselines = ["None", "SimCLR", "SupCon", "y-Aware"];

    public sealed record Row(string Method, CrossValidationResult Run, AucComparison Pooled, DeLongResult? VersusNone, string? BestBaseline, DeLongResult? VersusBestBaseline);

    public static IReadOnlyList<Row> Compute(IReadOnlyList<(string Method, CrossValidationResult Result)> runs, int seed)
    {
        var pooled = runs.ToDictionary(r => r, r => MethodComparison.Compare(r.Method, r.Result, r.Method, r.Result, seed: seed));
        return runs.Select(run =>
        {
            var sameProtocol = runs.Where(r => r.Result.Protocol == run.Result.Protocol && r.Method != run.Method).ToArray();
            var none = sameProtocol.Where(r => r.Method == "None").Select(r => ((string, CrossValidationResult)?)r).FirstOrDefault();
            var best = sameProtocol.Where(r => Baselines.Contains(r.Method)).OrderByDescending(r => pooled[r].Auc.Estimate)
                .Select(r => ((string Method, CrossValidationResult Result)?)r).FirstOrDefault();
            return new Row(run.Method, run.Result, pooled[run],
                none is { } n ? MethodComparison.Versus(run.Method, run.Result, n.Item1, n.Item2) : null,
                best?.Method,
                best is { } b ? MethodComparison.Versus(run.Method, run.Result, b.Method, b.Result) : null);
        }).ToArray();
    }

    /// <summary>Writes results.csv, results.md and predictions/&lt;method&gt;-&lt;protocol&gt;.csv, each atomically.</summary>
    public static void Write(string folder, IReadOnlyList<Row> rows, IReadOnlyList<(string Method, CrossValidationResult Result)> runs)
    {
        Directory.CreateDirectory(Path.Combine(folder, "predictions"));
        var csv = new CsvText("method", "evaluation", "auc_mean", "auc_std", "fold_aucs", "pooled_auc", "pooled_auc_low", "pooled_auc_high",
            "pooled_balanced_accuracy", "pooled_balanced_accuracy_low", "pooled_balanced_accuracy_high",
            "delta_auc_vs_none", "delta_auc_vs_none_low", "delta_auc_vs_none_high", "p_vs_none",
            "best_baseline", "delta_auc_vs_best_baseline", "delta_auc_vs_best_baseline_low", "delta_auc_vs_best_baseline_high", "p_vs_best_baseline");
        foreach (Row r in rows)
            csv.Row(r.Method, r.Run.Protocol.DisplayName(), r.Run.Summary.AucMean, r.Run.Summary.AucStd,
                string.Join(';', r.Run.Summary.Folds.Select(f => f.Auc.ToString("R", CultureInfo.InvariantCulture))),
                r.Pooled.Auc.Estimate, r.Pooled.Auc.Lower, r.Pooled.Auc.Upper,
                r.Pooled.BalancedAccuracy.Estimate, r.Pooled.BalancedAccuracy.Lower, r.Pooled.BalancedAccuracy.Upper,
                r.VersusNone?.Difference, r.VersusNone?.Lower, r.VersusNone?.Upper, r.VersusNone?.PValue,
                r.BestBaseline, r.VersusBestBaseline?.Difference, r.VersusBestBaseline?.Lower, r.VersusBestBaseline?.Upper, r.VersusBestBaseline?.PValue);
        csv.Write(Path.Combine(folder, "results.csv"));
        AtomicFile.WriteAllText(Path.Combine(folder, "results.md"), ToMarkdown(rows));
        foreach (var (method, result) in runs)
            CrossValidation.WritePredictions(Path.Combine(folder, "predictions", $"{method}-{result.Protocol.DisplayName()}".ToLowerInvariant().Replace(' ', '-') + ".csv"),
                result.Predictions);
    }

    public static string ToMarkdown(IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder("| method | evaluation | AUC, folds | AUC [95 % CI] | bal. acc. [95 % CI] | ΔAUC vs None [95 % CI], p | ΔAUC vs best baseline [95 % CI], p |\n");
        text.Append("|---|---|---:|---:|---:|---:|---:|\n");
        foreach (Row r in rows)
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Method} | {r.Run.Protocol.DisplayName()} | {r.Run.Summary.AucMean:F3} ± {r.Run.Summary.AucStd:F3} | {r.Pooled.Auc.Format()} | {r.Pooled.BalancedAccuracy.Format()} | {Delta(r.VersusNone)} | {(r.VersusBestBaseline is null ? "–" : $"{Delta(r.VersusBestBaseline)} ({r.BestBaseline})")} |\n"));
        return text.Append('\n').Append(Caveat).Append('\n').ToString();
    }

    private static string Delta(DeLongResult? test) => test is null
        ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{test.Difference:+0.000;-0.000} [{test.Lower:+0.000;-0.000}, {test.Upper:+0.000;-0.000}], p {test.PValue:0.000}");
}
