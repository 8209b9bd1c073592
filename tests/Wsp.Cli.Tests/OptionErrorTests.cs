namespace Wsp.Cli.Tests;

/// <summary>Bad options and inputs end fast, with one line naming the problem and a non-zero exit code, never a stack trace.</summary>
public sealed class OptionErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-cli-errors-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("wsp: error: Unknown method 'foo'", "pretrain", "--table", "{folder}/t.csv", "--method", "foo", "--output", "{folder}/o")]
    [InlineData("wsp: error: Subject table not found: {folder}/absent.csv", "pretrain", "--table", "{folder}/absent.csv", "--method", "wsp", "--output", "{folder}/o")]
    [InlineData("wsp: error: --protocol must be probe or finetune, not 'svm'.", "fit", "--pretrained", "none", "--table", "{folder}/t.csv", "--output", "{folder}/m", "--protocol", "svm")]
    [InlineData("wsp: error: --class-names needs two comma-separated names, not 'a'.", "fit", "--pretrained", "none", "--table", "{folder}/t.csv", "--output", "{folder}/m", "--class-names", "a")]
    [InlineData("wsp: error: {folder}/nowhere holds no pretrained encoder", "fit", "--pretrained", "{folder}/nowhere", "--table", "{folder}/t.csv", "--output", "{folder}/m")]
    [InlineData("wsp: error: {folder}/absent.wspmodel: no such model file", "predict", "--model", "{folder}/absent.wspmodel", "--image", "{folder}/t.csv", "--output", "{folder}/p")]
    [InlineData("wsp: error: Nothing to predict: give --image, --folder or --table.", "predict", "--model", "{folder}/absent.wspmodel", "--output", "{folder}/p")]
    [InlineData("wsp: error: 1 --label-map for 2 --image", "predict", "--model", "m", "--image", "a", "--image", "b", "--label-map", "c", "--output", "{folder}/p")]
    [InlineData("wsp: error: Give the model: --model FILE.wspmodel, or --onnx FILE.onnx.", "predict", "--image", "{folder}/t.csv", "--output", "{folder}/p")]
    [InlineData("wsp: error: Give --model or --onnx, not both.", "predict", "--model", "m", "--onnx", "m.onnx", "--image", "{folder}/t.csv", "--output", "{folder}/p")]
    [InlineData("wsp: error: {folder}/absent.onnx: no such ONNX model file.", "predict", "--onnx", "{folder}/absent.onnx", "--image", "{folder}/t.csv", "--output", "{folder}/p")]
    [InlineData("wsp: error: {folder}/t.csv: not a model ONNX Runtime can load", "predict", "--onnx", "{folder}/t.csv", "--image", "{folder}/t.csv", "--output", "{folder}/p")]
    [InlineData("wsp: error: --onnx runs on ONNX Runtime's CPU build; --device cuda applies to --model only.", "predict", "--onnx", "{folder}/t.csv", "--image", "{folder}/t.csv", "--output", "{folder}/p", "--device", "cuda")]
    [InlineData("wsp: error: {folder}/absent.wspmodel: no such model file", "export", "onnx", "--model", "{folder}/absent.wspmodel", "--output", "{folder}/m.onnx")]
    [InlineData("wsp: error: --size 16 is too small", "pretrain", "--table", "{folder}/t.csv", "--method", "wsp", "--output", "{folder}/o", "--size", "16")]
    [InlineData("wsp: error: --settings: no such file {folder}/s.json.", "synth", "--settings", "{folder}/s.json")]
    [InlineData("wsp: error: --kernel: Kernel factor 'foo(weak)': unknown kernel 'foo'", "pretrain", "--table", "{folder}/t.csv", "--kernel", "foo(weak)", "--output", "{folder}/o")]
    [InlineData("wsp: error: Give either --method or --kernel.", "pretrain", "--table", "{folder}/t.csv", "--method", "wsp", "--kernel", "dirac(weak)", "--output", "{folder}/o")]
    [InlineData("wsp: error: Give either --method or --kernel.", "pretrain", "--table", "{folder}/t.csv", "--output", "{folder}/o")]
    [InlineData("wsp: error: --protocols must be probe or both, not 'all'.", "compare", "--table", "{folder}/t.csv", "--output", "{folder}/c", "--protocols", "all")]
    [InlineData("wsp: error: Unknown method 'byol'", "compare", "--table", "{folder}/t.csv", "--output", "{folder}/c", "--methods", "none,byol")]
    [InlineData("wsp: error: {folder}/t.csv: no subject has a strong label to evaluate on.", "compare", "--table", "{folder}/t.csv", "--output", "{folder}/c")]
    public async Task BadOptions_EndWithOneNamedError_AndExitCode2(string expected, params string[] args)
    {
        File.WriteAllText(Path.Combine(_folder, "t.csv"), "subject,file,weak_label,strong_label\n");
        CliRun run = await CliRun.Of(args.Select(a => a.Replace("{folder}", _folder, StringComparison.Ordinal)).ToArray());

        run.ExitCode.Should().Be(WspCommandLine.UserError, run.Output + run.Error);
        run.Error.Should().StartWith(expected.Replace("{folder}", _folder, StringComparison.Ordinal));
        run.Error.Should().NotContain("   at ", "no stack trace");
    }

    [Fact]
    public async Task UnknownOrMissingOptions_AreParseErrors_WithTheCommandsHelp()
    {
        CliRun run = await CliRun.Of("fit", "--epochs", "3");

        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain("Option '--pretrained' is required.");
    }

    [Fact]
    public async Task ASettingsFileThatIsNotJson_IsNamed()
    {
        string settings = Path.Combine(_folder, "bad.json");
        File.WriteAllText(settings, "{ \"seed\": ");

        CliRun run = await CliRun.Of("synth", "--settings", settings);

        run.ExitCode.Should().Be(WspCommandLine.UserError);
        run.Error.Should().StartWith($"wsp: error: {settings}: not valid JSON");
    }
}
