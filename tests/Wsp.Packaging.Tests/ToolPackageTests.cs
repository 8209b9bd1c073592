using System.Globalization;
using Wsp.Tests.Shared;

namespace Wsp.Packaging.Tests;

/// <summary>
/// Packs the <c>wsp</c> tool, installs it from a local folder feed into a fresh tool folder, as a user would with
/// <c>dotnet tool install</c>, and runs the installed command: its help, and a tiny synth → fit → predict → export onnx → predict --onnx.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);
    private readonly string _work = Path.Combine(Path.GetTempPath(), "wsp-tool-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _version = "0.1.0-tool." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    [Fact]
    public void PackedTool_InstalledIntoAFreshFolder_RunsItsHelpAndATinyPrediction()
    {
        string feed = Path.Combine(_work, "feed"), tools = Path.Combine(_work, "tools"), data = Path.Combine(_work, "data");
        Directory.CreateDirectory(data);
        string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var pack = ProcessRunner.Run("dotnet", $"pack src/Wsp.Cli -c {configuration} --no-build -o \"{feed}\" -p:PackageVersion={_version}", TestPaths.RepositoryRoot, Limit);
        pack.ExitCode.Should().Be(0, pack.Output);
        File.Exists(Path.Combine(feed, $"Wsp.Cli.{_version}.nupkg")).Should().BeTrue();

        var install = ProcessRunner.Run("dotnet", $"tool install Wsp.Cli --version {_version} --tool-path \"{tools}\" --add-source \"{feed}\"", _work, Limit);
        install.ExitCode.Should().Be(0, install.Output);
        install.Output.Should().Contain("wsp");
        string wsp = Path.Combine(tools, OperatingSystem.IsWindows() ? "wsp.exe" : "wsp");

        var help = ProcessRunner.Run(wsp, "--help", data, Limit);
        help.ExitCode.Should().Be(0, help.Output);
        help.Output.Should().Contain("synth").And.Contain("pretrain").And.Contain("fit").And.Contain("predict");

        Run(wsp, "synth --output cohort --weak-patients 4 --histology-patients 8 --width 40 --height 40 --slices 10", data);
        Run(wsp, "fit --pretrained none --table cohort/cohort.csv --output model.wspmodel --size 32 --slices-per-patient 3", data);
        Run(wsp, "predict --model model.wspmodel --table cohort/cohort.csv --output out", data);
        string[] rows = File.ReadAllLines(Path.Combine(data, "out", "predictions.csv"));
        rows[0].Should().Be("patient,probability,threshold,predicted_class,class_name,slices");
        rows.Should().HaveCount(13, "a header and the 12 patients of the table");

        // The deployment path: the model exported to ONNX and predicted by ONNX Runtime, from the installed tool.
        Run(wsp, "export onnx --model model.wspmodel --output model.onnx", data);
        Run(wsp, "predict --onnx model.onnx --table cohort/cohort.csv --output onnx", data);
        File.ReadAllLines(Path.Combine(data, "onnx", "predictions.csv")).Should().HaveCount(13);
    }

    private static void Run(string wsp, string arguments, string folder)
    {
        var run = ProcessRunner.Run(wsp, arguments, folder, Limit);
        run.ExitCode.Should().Be(0, $"wsp {arguments}\n{run.Output}");
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_work))
                Directory.Delete(_work, recursive: true);
            // The version is unique to this run, and the package large (it carries libtorch): drop it from the global cache.
            string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string folder = Path.Combine(cache, "wsp.cli", _version);
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Clean-up is best effort; a leftover temporary folder does not affect other runs.
        }
    }
}
