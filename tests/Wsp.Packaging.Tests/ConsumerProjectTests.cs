using System.Globalization;
using Wsp.Tests.Shared;

namespace Wsp.Packaging.Tests;

/// <summary>
/// Packs the libraries into a local folder feed and builds and runs a separate console project that
/// references them plus TorchSharp-cpu, as a user would: the first tensor operation must work on this
/// host without manual steps (on Debian 12 that relies on the build logic shipped in Wsp.Core).
/// </summary>
public sealed class ConsumerProjectTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);
    private static readonly string[] Packages = ["Wsp.Core", "Wsp.Losses", "Wsp.Data", "Wsp.Training", "Wsp.Evaluation", "Wsp.Models", "Wsp.Onnx"];
    private readonly string _work = Path.Combine(Path.GetTempPath(), "wsp-consumer-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _version = "0.1.0-consumer." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    [Fact]
    public void PackedPackages_InAConsoleProject_ComputeTheWspLoss()
    {
        string feed = Path.Combine(_work, "feed");
        string app = Path.Combine(_work, "app");
        Directory.CreateDirectory(app);
        string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0

        foreach (string project in Packages.Select(id => "src/" + id))
        {
            var pack = ProcessRunner.Run("dotnet",
                $"pack {project} -c {configuration} --no-build -o \"{feed}\" -p:PackageVersion={_version}",
                TestPaths.RepositoryRoot, Limit);
            pack.ExitCode.Should().Be(0, pack.Output);
        }
        Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Should().Contain(Packages.Select(id => $"{id}.{_version}.nupkg"));
        Directory.GetFiles(feed, "*.snupkg").Should().HaveCount(Packages.Length, "each package ships its symbols");

        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="wsp-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Wsp.Losses" Version="{_version}" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Wsp.Core;
            using Wsp.Losses;
            using static TorchSharp.torch;

            manual_seed(1);
            var attributes = SliceAttributes.FromArrays(new long[] { 0, 1, 0, 1 }, new[] { 0.1, 0.4, 0.6, 0.9 });
            using var loss = new WeaklySupervisedPositionalLoss();
            Tensor a = randn(4, 8).requires_grad_();
            Tensor value = loss.call(a, randn(4, 8), attributes);
            value.backward();
            Console.WriteLine($"torch {__version__}; WSP loss {value.item<float>():F4}; gradient finite {a.grad!.isfinite().all().item<bool>()}");
            """);

        var run = ProcessRunner.Run("dotnet", "run -c Release", app, Limit);

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should().MatchRegex(@"torch 2\.10[.\d]*; WSP loss \d+\.\d{4}; gradient finite True");
        // A user of the loss alone gets neither the probe's MathNet nor the weight loader's PyBridge.
        string assets = File.ReadAllText(Path.Combine(app, "obj", "project.assets.json"));
        assets.Should().NotContain("MathNet.Numerics").And.NotContain("TorchSharp.PyBridge").And.NotContain("Wsp.Training");

        // The whole pipeline's packages restore and build together in a second consumer.
        string pipeline = Path.Combine(_work, "pipeline");
        Directory.CreateDirectory(pipeline);
        File.Copy(Path.Combine(app, "nuget.config"), Path.Combine(pipeline, "nuget.config"));
        File.WriteAllText(Path.Combine(pipeline, "Pipeline.csproj"), File.ReadAllText(Path.Combine(app, "Consumer.csproj"))
            .Replace("<PackageReference Include=\"Wsp.Losses\"", "<PackageReference Include=\"Wsp.Evaluation\"", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(pipeline, "Program.cs"), """
            using Wsp.Evaluation;
            using Wsp.Training.Encoders;

            using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions(), seed: 1);
            double auc = BinaryMetrics.RocAuc(new[] { 0, 1, 1 }, new[] { 0.2, 0.7, 0.9 });
            Console.WriteLine($"{encoder.Architecture} {encoder.RepresentationSize}; AUC {auc:F2}");
            """);
        var pipelineRun = ProcessRunner.Run("dotnet", "run -c Release", pipeline, Limit);
        pipelineRun.ExitCode.Should().Be(0, pipelineRun.Output);
        pipelineRun.Output.Should().Contain("TinyNet 512; AUC 1.00");
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_work))
                Directory.Delete(_work, recursive: true);
            // The versions are unique to this run: drop them from the global package cache.
            string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            foreach (string id in Packages.Select(id => id.ToLowerInvariant()))
            {
                string folder = Path.Combine(cache, id, _version);
                if (Directory.Exists(folder))
                    Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Clean-up is best effort; a leftover temporary folder does not affect other runs.
        }
    }
}
