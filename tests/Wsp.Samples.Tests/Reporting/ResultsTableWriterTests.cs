using Wsp.Evaluation;
using Wsp.Training;
using System.Globalization;
using Spectre.Console;
using Wsp.Samples.CirrhosisTraining.Reporting;

namespace Wsp.Samples.Tests.Reporting;

public sealed class ResultsTableWriterTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly IReadOnlyList<MethodResult> _results = MadeUpResults.All();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void WriteCsv_RowsRoundTripEveryNumber()
    {
        string path = _directory.File("results.csv");
        ResultsTableWriter.WriteCsv(path, _results);

        string[] lines = File.ReadAllLines(path);
        lines[0].Should().Be(ResultsTableWriter.CsvHeader);
        lines.Should().HaveCount(_results.Count + 1);
        for (int i = 0; i < _results.Count; i++)
        {
            string[] cells = lines[i + 1].Split(',');
            var expected = _results[i];
            cells[0].Should().Be(expected.MethodName);
            cells[1].Should().Be(expected.EvaluationName);
            Parse(cells[2]).Should().Be(expected.Summary.AucMean);
            Parse(cells[3]).Should().Be(expected.Summary.AucStd);
            Parse(cells[4]).Should().Be(expected.Summary.BalancedAccuracyMean);
            Parse(cells[5]).Should().Be(expected.Summary.BalancedAccuracyStd);
            int.Parse(cells[6], CultureInfo.InvariantCulture).Should().Be(5);
            cells[7].Split(';').Select(Parse).Should().Equal(expected.Summary.Folds.Select(f => f.Auc));
        }
        Directory.GetFiles(_directory.Path).Should().ContainSingle();
    }

    [Fact]
    public void WriteCsv_NamesMethodsAndEvaluationsAsTheTablesDo()
    {
        var yAware = _results.First(r => r.Method == PretrainingMethod.YAware && r.Evaluation == EvaluationProtocol.FineTuning);
        string path = _directory.File("results.csv");
        ResultsTableWriter.WriteCsv(path, [yAware]);
        File.ReadAllLines(path)[1].Should().StartWith("y-Aware,fine-tuning,");
    }

    [Fact]
    public void WriteCsv_ReplacesAnExistingFile()
    {
        string path = _directory.File("results.csv");
        File.WriteAllText(path, "stale");
        ResultsTableWriter.WriteCsv(path, _results);
        File.ReadAllLines(path)[0].Should().Be(ResultsTableWriter.CsvHeader);
        Directory.GetFiles(_directory.Path).Should().ContainSingle();
    }

    [Fact]
    public void WriteMarkdown_ListsEveryMethodWithFormattedNumbers()
    {
        string path = _directory.File("results.md");
        ResultsTableWriter.WriteMarkdown(path, _results, "## Cirrhosis, 5 folds");

        string[] lines = File.ReadAllLines(path);
        lines[0].Should().Be("## Cirrhosis, 5 folds");
        lines[1].Should().BeEmpty();
        lines[2].Should().Be("| method | linear probe AUC | fine-tuning AUC | linear probe bal. acc. | fine-tuning bal. acc. |");
        lines[3].Should().Be("|---|---:|---:|---:|---:|");
        lines.Should().HaveCount(4 + 5);
        foreach (var result in _results)
        {
            string row = lines.Single(l => l.StartsWith($"| {result.MethodName} |", StringComparison.Ordinal));
            row.Should().Contain(string.Create(CultureInfo.InvariantCulture, $"{result.Summary.AucMean:F3} ± {result.Summary.AucStd:F3}"));
            row.Should().Contain(string.Create(CultureInfo.InvariantCulture, $"{result.Summary.BalancedAccuracyMean:F3} ± {result.Summary.BalancedAccuracyStd:F3}"));
        }
        Directory.GetFiles(_directory.Path).Should().ContainSingle();
    }

    [Fact]
    public void WriteMarkdown_UsesInvariantCultureWhateverTheCurrentOne()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
            string path = _directory.File("results.md");
            ResultsTableWriter.WriteMarkdown(path, [_results[0]], "# T");
            File.ReadAllText(path).Should().MatchRegex(@"\| None \| 0\.\d{3} ± 0\.\d{3} \|");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void WriteMarkdown_MissingEvaluation_ShowsDash()
    {
        var linearOnly = MadeUpResults.Create(PretrainingMethod.Wsp, EvaluationProtocol.LinearProbe, 3, seed: 1);
        string path = _directory.File("results.md");
        ResultsTableWriter.WriteMarkdown(path, [linearOnly], "# T");

        string row = File.ReadAllLines(path).Single(l => l.StartsWith("| WSP |", StringComparison.Ordinal));
        string[] cells = row.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        cells[2].Should().Be("–");
        cells[4].Should().Be("–");
        cells[1].Should().Contain("±");
    }

    [Fact]
    public void DuplicateMethodAndEvaluation_IsRefused()
    {
        Action write = () => ResultsTableWriter.WriteMarkdown(_directory.File("r.md"), [_results[0], _results[0]], "# T");
        write.Should().Throw<ArgumentException>().WithMessage("Method 'None' appears 2 times under 'linear probe'*");
        File.Exists(_directory.File("r.md")).Should().BeFalse();
    }

    [Fact]
    public void ToSpectreTable_RendersEveryMethod()
    {
        Table table = ResultsTableWriter.ToSpectreTable(_results, "Cirrhosis [5 folds]");
        table.Rows.Should().HaveCount(5);
        table.Columns.Should().HaveCount(5);

        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        console.Write(table);
        output.ToString().Should().Contain("Cirrhosis [5 folds]").And.Contain("y-Aware").And.Contain("WSP").And.Contain("±");
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
