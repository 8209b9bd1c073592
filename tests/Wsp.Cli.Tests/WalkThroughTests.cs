using System.Text.Json;

namespace Wsp.Cli.Tests;

/// <summary>The README's walk-through at a tiny size: synth, pretrain, fit, predict.</summary>
public sealed class WalkThroughTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string At(string relative) => Path.Combine(_folder, relative);

    [Fact]
    public async Task SynthPretrainFitPredict_WritesAModelAndItsPredictions_AndASettingsFileRepeatsARun()
    {
        (await CliRun.Of("synth", "--output", At("cohort"), "--weak-patients", "10", "--histology-patients", "8", "--width", "40", "--height", "40", "--slices", "10"))
            .ExitCode.Should().Be(0);
        CliRun pretrain = await CliRun.Of("pretrain", "--table", At("cohort/cohort.csv"), "--method", "wsp", "--output", At("wsp"), "--epochs", "1", "--batch", "6", "--size", "32");
        pretrain.ExitCode.Should().Be(0, pretrain.Error);
        File.Exists(At("wsp/encoder.bin")).Should().BeTrue();
        CliRun fit = await CliRun.Of("fit", "--pretrained", At("wsp"), "--table", At("cohort/cohort.csv"), "--output", At("model/m.wspmodel"), "--slices-per-patient", "3");
        fit.ExitCode.Should().Be(0, fit.Error);
        fit.Output.Should().Contain("Fitted a linear probe model on 8 patients");

        CliRun predict = await CliRun.Of("predict", "--model", At("model/m.wspmodel"), "--table", At("cohort/cohort.csv"), "--output", At("out"), "--png");

        predict.ExitCode.Should().Be(0, predict.Error);
        string[] rows = File.ReadAllLines(At("out/predictions.csv"));
        rows[0].Should().Be("patient,probability,threshold,predicted_class,class_name,slices");
        rows.Should().HaveCount(19, "a header and the 18 patients of the table");
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(At("out/predictions.json")));
        json.RootElement.GetProperty("patients").GetArrayLength().Should().Be(18);
        json.RootElement.GetProperty("patients")[0].GetProperty("slices").GetArrayLength().Should().Be(3);
        Directory.GetFiles(At("out/png"), "*.png").Should().HaveCount(18);

        // The effective settings repeat the run: the same predictions, to another folder.
        CliRun again = await CliRun.Of("predict", "--settings", At("out/predict-settings.json"), "--output", At("again"), "--png", "false");
        again.ExitCode.Should().Be(0, again.Error);
        File.ReadAllText(At("again/predictions.csv")).Should().Be(File.ReadAllText(At("out/predictions.csv")));
    }
}
