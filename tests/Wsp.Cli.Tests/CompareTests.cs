namespace Wsp.Cli.Tests;

/// <summary><c>wsp compare</c> at a tiny size: the comparison table with its intervals and tests, and every patient's predictions.</summary>
public sealed class CompareTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-cli-compare-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string At(string relative) => Path.Combine(_folder, relative);

    [Fact]
    public async Task Compare_PretrainsEachMethod_AndTablesItAgainstNoPretraining()
    {
        (await CliRun.Of("synth", "--output", At("cohort"), "--weak-patients", "8", "--histology-patients", "12", "--width", "40", "--height", "40", "--slices", "10"))
            .ExitCode.Should().Be(0);

        CliRun compare = await CliRun.Of("compare", "--table", At("cohort/cohort.csv"), "--output", At("c"), "--methods", "wsp,none",
            "--epochs", "1", "--batch", "4", "--size", "32", "--folds", "2", "--eval-slices", "3");

        compare.ExitCode.Should().Be(0, compare.Error);
        compare.Output.Should().Contain("Compared 2 methods on 12 patients");
        string[] rows = File.ReadAllLines(At("c/results.csv"));
        rows[0].Should().StartWith("method,evaluation,auc_mean,auc_std,fold_aucs,pooled_auc,pooled_auc_low,pooled_auc_high");
        rows.Skip(1).Select(r => r.Split(',')[0]).Should().Equal("None", "WSP");
        string[] wsp = rows[2].Split(',');
        wsp[1].Should().Be("linear probe");
        double.Parse(wsp[14], System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(0, 1, "WSP's row carries DeLong's p against None");
        wsp[15].Should().Be("None", "the best baseline when None is the only other method");
        File.ReadAllText(At("c/results.md")).Should().Contain("| WSP | linear probe |");
        File.ReadAllLines(At("c/predictions/wsp-linear-probe.csv")).Should().HaveCount(1 + 2 * 12, "a header and every patient in each of the 2 folds");
        Directory.Exists(At("c/methods/wsp/checkpoints")).Should().BeTrue("each method checkpoints in its own folder");
        File.Exists(At("c/compare-settings.json")).Should().BeTrue();
    }

    [Fact]
    public async Task Pretrain_WithAKernelExpression_TrainsThatKernelsLoss_AndRecordsIt()
    {
        (await CliRun.Of("synth", "--output", At("cohort"), "--weak-patients", "8", "--histology-patients", "4", "--width", "40", "--height", "40", "--slices", "10"))
            .ExitCode.Should().Be(0);

        CliRun pretrain = await CliRun.Of("pretrain", "--table", At("cohort/cohort.csv"), "--kernel", "dirac(weak) * gaussian(position, 0.1)", "--output", At("k"),
            "--epochs", "1", "--batch", "4", "--size", "32");

        pretrain.ExitCode.Should().Be(0, pretrain.Error);
        pretrain.Output.Should().Contain("Pretrained kernel (Dirac(weak label) x Gaussian(position, sigma 0.1)) on 8 subjects");
        File.ReadAllText(At("k/encoder.json")).Should().Contain("Kernel (Dirac(weak label) x Gaussian(position, sigma 0.1))");
    }
}
