namespace Wsp.Cli.Tests;

/// <summary><c>wsp predict --folder</c>: label maps beside their volumes are paired with them, never predicted as patients.</summary>
public sealed class FolderPredictionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-cli-folder-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string At(string relative) => Path.Combine(_folder, relative);

    [Fact]
    public async Task PredictFolder_PairsEachVolumeWithItsLabelMap_AndPredictsOnlyTheVolumes()
    {
        (await CliRun.Of("synth", "--output", At("cohort"), "--weak-patients", "4", "--histology-patients", "8", "--width", "40", "--height", "40", "--slices", "10"))
            .ExitCode.Should().Be(0);
        Directory.GetFiles(At("cohort"), "*.nii.gz").Should().HaveCount(24, "12 volumes and their 12 label maps");
        CliRun fit = await CliRun.Of("fit", "--pretrained", "none", "--table", At("cohort/cohort.csv"), "--output", At("organ.wspmodel"), "--size", "32",
            "--organ", "5", "--slices-per-patient", "3");
        fit.ExitCode.Should().Be(0, fit.Error);

        CliRun predict = await CliRun.Of("predict", "--model", At("organ.wspmodel"), "--folder", At("cohort"), "--output", At("out"));

        predict.ExitCode.Should().Be(0, predict.Error);
        string[] rows = File.ReadAllLines(At("out/predictions.csv"));
        rows.Should().HaveCount(13, "a header and the 12 volumes; the organ model needed every volume's label map");
        rows.Skip(1).Should().NotContain(r => r.Contains("_liver", StringComparison.Ordinal));
    }
}
