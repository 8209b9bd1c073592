using System.Globalization;
using System.Text.Json;

namespace Wsp.Cli.Tests;

/// <summary>The walk-through's model exported to ONNX and predicted by ONNX Runtime: the same predictions as TorchSharp's.</summary>
public sealed class OnnxWalkThroughTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-cli-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string At(string relative) => Path.Combine(_folder, relative);

    // The probe keeps the slices through the phantom's liver (the label maps travel through the ONNX metadata); fine-tuning a central fraction.
    [Theory]
    [InlineData("probe", "--organ", "5")]
    [InlineData("finetune", "--fraction", "0.7")]
    public async Task FitExportPredict_TheOnnxPredictionsAgreeWithTorchSharps(string protocol, string selection, string value)
    {
        (await CliRun.Of("synth", "--output", At("cohort"), "--weak-patients", "4", "--histology-patients", "8", "--width", "40", "--height", "40", "--slices", "10"))
            .ExitCode.Should().Be(0);
        CliRun fit = await CliRun.Of("fit", "--pretrained", "none", "--table", At("cohort/cohort.csv"), "--output", At("model/m.wspmodel"),
            "--protocol", protocol, "--finetune-epochs", "1", "--slices-per-patient", "3", "--size", "32", selection, value);
        fit.ExitCode.Should().Be(0, fit.Error);

        CliRun export = await CliRun.Of("export", "onnx", "--model", At("model/m.wspmodel"), "--output", At("model/m.onnx"));
        export.ExitCode.Should().Be(0, export.Error);
        export.Output.Should().Contain("input slices [batch, 1, 32, 32], outputs slice_logit, slice_probability");
        File.Exists(At("model/export-onnx-settings.json")).Should().BeTrue();
        CliRun torch = await CliRun.Of("predict", "--model", At("model/m.wspmodel"), "--table", At("cohort/cohort.csv"), "--output", At("torch"));
        torch.ExitCode.Should().Be(0, torch.Error);
        CliRun onnx = await CliRun.Of("predict", "--onnx", At("model/m.onnx"), "--table", At("cohort/cohort.csv"), "--output", At("onnx"), "--png");
        onnx.ExitCode.Should().Be(0, onnx.Error);

        string[][] expected = Rows(At("torch/predictions.csv")), actual = Rows(At("onnx/predictions.csv"));
        actual.Should().HaveCount(13, "a header and the 12 patients of the table");
        actual[0].Should().Equal(expected[0]);
        for (int i = 1; i < expected.Length; i++)
        {
            actual[i][0].Should().Be(expected[i][0]);
            double probability = Number(expected[i][1]), threshold = Number(expected[i][2]);
            Number(actual[i][1]).Should().BeApproximately(probability, 1e-4 * Math.Abs(probability), expected[i][0]);
            actual[i][2].Should().Be(expected[i][2], "the same cut-off");
            actual[i][5].Should().Be(expected[i][5], "the same slices");
            // The Youden cut-off is a training patient's own probability: that patient sits on it, and 1e-7 may decide either way.
            if (Math.Abs(probability - threshold) > 1e-4 * threshold)
                actual[i][3..5].Should().Equal(expected[i][3..5], "the same class");
        }
        using JsonDocument torchJson = JsonDocument.Parse(File.ReadAllText(At("torch/predictions.json")));
        using JsonDocument onnxJson = JsonDocument.Parse(File.ReadAllText(At("onnx/predictions.json")));
        onnxJson.RootElement.GetProperty("runtime").GetString().Should().Be("ONNX Runtime");
        onnxJson.RootElement.GetProperty("model").GetString().Should().Be(At("model/m.onnx"));
        double[] SliceProbabilities(JsonDocument json) => json.RootElement.GetProperty("patients").EnumerateArray()
            .SelectMany(p => p.GetProperty("slices").EnumerateArray().Select(s => s.GetProperty("probability").GetDouble())).ToArray();
        SliceProbabilities(onnxJson).Should().Equal(SliceProbabilities(torchJson), (a, b) => Math.Abs(a - b) <= 1e-4 * Math.Abs(b));
        Directory.GetFiles(At("onnx/png"), "*.png").Should().HaveCount(12);
    }

    [Fact]
    public async Task ExportOnnx_UnknownOutput_IsNamed()
    {
        (await CliRun.Of("synth", "--output", At("cohort"), "--weak-patients", "0", "--histology-patients", "4", "--width", "40", "--height", "40", "--slices", "8"))
            .ExitCode.Should().Be(0);
        (await CliRun.Of("fit", "--pretrained", "none", "--table", At("cohort/cohort.csv"), "--output", At("m.wspmodel"), "--size", "32", "--slices-per-patient", "2"))
            .ExitCode.Should().Be(0);

        CliRun run = await CliRun.Of("export", "onnx", "--model", At("m.wspmodel"), "--output", At("m.onnx"), "--outputs", "slice_logit,embedding");

        run.ExitCode.Should().Be(WspCommandLine.UserError);
        run.Error.Should().StartWith("wsp: error: --outputs: unknown output 'embedding'; choose from representation, projection, logits, slice_logit, slice_probability.");
        File.Exists(At("m.onnx")).Should().BeFalse();
    }

    private static string[][] Rows(string path) => File.ReadAllLines(path).Select(line => line.Split(',')).ToArray();

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
