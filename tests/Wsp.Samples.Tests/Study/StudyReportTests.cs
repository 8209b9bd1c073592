using FluentAssertions;
using Wsp.Evaluation;
using Wsp.Samples.CirrhosisStudy;
using Wsp.Samples.Tests.Reporting;
using Wsp.Training;
using Xunit;

namespace Wsp.Samples.Tests.Study;

public sealed class StudyReportTests
{
    private static readonly (PretrainingMethod Method, string File, double Separation)[] Methods =
    [
        (PretrainingMethod.None, "none", 0.8), (PretrainingMethod.SimClr, "simclr", 1.5), (PretrainingMethod.SupCon, "supcon", 1.2),
        (PretrainingMethod.YAware, "y-aware", 2.0), (PretrainingMethod.Wsp, "wsp", 2.6),
    ];

    [Fact]
    public void Finished_cells_are_pooled_per_error_rate_and_reported()
    {
        using var folder = new TemporaryDirectory();
        string runs = folder.File("runs");
        StudyCell[] finished = [new(0, 1, 0.1), new(0.5, 1, 0.1), new(0, 2, 0.1)];  // in the grid's order
        foreach (StudyCell cell in finished)
            WriteCell(runs, cell);

        StudyResults results = StudyResults.Read(runs, StudyGrid.Cells(), resamples: 200);
        IReadOnlyList<string> files = StudyReport.Write(folder.File("report"), results);

        results.FinishedCells.Should().Equal(finished);
        results.Rows.Should().HaveCount(10);
        results.Rows.Where(r => r.ErrorRate == 0).Should().OnlyContain(r => r.Seeds.Select(s => s.Seed).SequenceEqual(new[] { 1, 2 }));
        results.Comparisons.Select(c => (c.ErrorRate, c.Baseline)).Should().Equal(
            (0.0, "None"), (0.0, "SimCLR"), (0.0, "SupCon"), (0.0, "y-Aware"), (0.5, "None"), (0.5, "SimCLR"), (0.5, "SupCon"), (0.5, "y-Aware"));
        StudyRow wsp = results.Rows.Single(r => r.ErrorRate == 0 && r.Method == "WSP");
        wsp.Auc.Estimate.Should().BeApproximately(wsp.Seeds.Average(s => s.Auc), 1e-12);
        files.Select(Path.GetFileName).Should().Equal("study.csv", "comparisons.csv", "study.md", "study.png");
        string markdown = File.ReadAllText(files[2]);
        markdown.Should().StartWith("# Cirrhosis study: 3 of 16 cells finished");
        markdown.Should().Contain("| WSP | " + wsp.Auc.Format() + " |");
        File.ReadAllLines(files[0]).Should().HaveCount(11);
        File.ReadAllLines(files[1])[0].Should().StartWith("error_rate,sigma,evaluation,method,baseline,seeds,delta_auc");
        File.ReadAllBytes(files[3]).Take(4).Should().Equal(0x89, (byte)'P', (byte)'N', (byte)'G');
    }

    [Fact]
    public void A_damaged_predictions_file_is_named_with_its_line()
    {
        using var folder = new TemporaryDirectory();
        string path = folder.File("wsp-linear-probe.csv");
        File.WriteAllLines(path, ["fold,patient,label,probability,split", "0,p1,1,0.7,test", "0,p2,one,0.2,test"]);

        FluentActions.Invoking(() => SeedPredictions.Read(path, 1)).Should().Throw<InvalidDataException>()
            .WithMessage($"{path}, line 3: expected fold,patient,label,probability,split, found '0,p2,one,0.2,test'.");
    }

    private static void WriteCell(string runs, StudyCell cell)
    {
        string predictions = Path.Combine(runs, cell.Name, "predictions");
        Directory.CreateDirectory(predictions);
        for (int m = 0; m < Methods.Length; m++)
        {
            var result = MadeUpResults.Create(Methods[m].Method, EvaluationProtocol.LinearProbe, Methods[m].Separation, seed: 100 * cell.Seed + m + (int)(10 * cell.WeakLabelNoise));
            CrossValidation.WritePredictions(Path.Combine(predictions, Methods[m].File + "-linear-probe.csv"), result.Predictions);
        }
        File.WriteAllText(Path.Combine(runs, cell.Name, "results.csv"), "method,evaluation\n");
    }
}
