using System.Globalization;
using Wsp.Evaluation;
using Wsp.Samples.CirrhosisTraining.Reporting;
using Wsp.Training;

namespace Wsp.Samples.Tests.Reporting;

public sealed class UncertaintyTableTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly IReadOnlyList<MethodResult> _results = MadeUpResults.All();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Compute_ComparesWithNone_AndWithTheBestOtherBaseline()
    {
        var rows = UncertaintyTable.Compute(_results, seed: 1, resamples: 200);

        rows.Select(r => r.Result).Should().Equal(_results);
        foreach (UncertaintyRow row in rows)
        {
            var others = rows.Where(r => r.Result.Evaluation == row.Result.Evaluation && r.Result.Method != row.Result.Method
                && r.Result.Method != PretrainingMethod.Wsp).ToArray();
            row.BestBaseline.Should().Be(others.MaxBy(r => r.Pooled.Auc.Estimate)!.Result.Method);
            if (row.Result.Method == PretrainingMethod.None)
            {
                row.VersusNone.Should().BeNull();
                continue;
            }
            var none = rows.Single(r => r.Result.Evaluation == row.Result.Evaluation && r.Result.Method == PretrainingMethod.None);
            row.VersusNone!.Difference.Should().BeApproximately(row.Pooled.Auc.Estimate - none.Pooled.Auc.Estimate, 1e-12);
            row.VersusNone.PValue.Should().BeInRange(0, 1);
        }
        rows.Should().OnlyContain(r => r.Pooled.Auc.Lower <= r.Pooled.Auc.Estimate && r.Pooled.Auc.Estimate <= r.Pooled.Auc.Upper);
    }

    [Fact]
    public void ResultsFiles_KeepEveryNumber_AndTheMarkdownSaysWhatPMeans()
    {
        var rows = UncertaintyTable.Compute(_results, seed: 1, resamples: 200);
        string csv = _directory.File("results.csv"), markdown = _directory.File("results.md");

        ResultsTableWriter.WriteCsv(csv, _results, rows);
        ResultsTableWriter.WriteMarkdown(markdown, _results, "# T", rows);

        string[] lines = File.ReadAllLines(csv);
        lines[0].Should().Be(ResultsTableWriter.CsvHeader + "," + string.Join(',', UncertaintyTable.CsvColumns));
        string[] wsp = lines.Single(l => l.StartsWith("WSP,fine-tuning,", StringComparison.Ordinal)).Split(',');
        UncertaintyRow expected = rows.Single(r => r.Result.Method == PretrainingMethod.Wsp && r.Result.Evaluation == EvaluationProtocol.FineTuning);
        double.Parse(wsp[8], CultureInfo.InvariantCulture).Should().Be(expected.Pooled.Auc.Estimate);
        double.Parse(wsp[17], CultureInfo.InvariantCulture).Should().Be(expected.VersusNone!.PValue);
        wsp[18].Should().Be(expected.BestBaseline!.Value.DisplayName());
        File.ReadAllText(markdown).Should().Contain("## Uncertainty").And.Contain(UncertaintyTable.Caveat).And.Contain("ΔAUC vs None");
    }
}
