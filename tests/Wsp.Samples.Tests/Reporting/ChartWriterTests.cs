using Wsp.Evaluation;
using Wsp.Training;
using SkiaSharp;
using Wsp.Samples.CirrhosisTraining.Reporting;

namespace Wsp.Samples.Tests.Reporting;

public sealed class ChartWriterTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(EvaluationProtocol.LinearProbe)]
    [InlineData(EvaluationProtocol.FineTuning)]
    public void WriteRocCurves_WritesAPngOfTheRequestedSize(EvaluationProtocol evaluation)
    {
        string path = _directory.File("roc.png");
        ChartWriter.WriteRocCurves(path, MadeUpResults.All(), evaluation, width: 640, height: 480);
        RequireOnlyPng(path, 640, 480);
    }

    [Fact]
    public void WriteRocCurves_EvaluationWithoutResults_IsRefused()
    {
        var linearOnly = MadeUpResults.All().Where(r => r.Evaluation == EvaluationProtocol.LinearProbe).ToArray();
        Action write = () => ChartWriter.WriteRocCurves(_directory.File("roc.png"), linearOnly, EvaluationProtocol.FineTuning);
        write.Should().Throw<ArgumentException>().WithMessage("No result is evaluated by 'fine-tuning'*");
        Directory.GetFiles(_directory.Path).Should().BeEmpty();
    }

    [Fact]
    public void WriteLossCurves_WithValidation_WritesAPngOfTheRequestedSize()
    {
        string path = _directory.File("loss.png");
        ChartWriter.WriteLossCurves(path, Losses(1.0), Losses(1.2), width: 800, height: 500);
        RequireOnlyPng(path, 800, 500);
    }

    [Fact]
    public void WriteLossCurves_TrainingOnly_ReplacesAnExistingFile()
    {
        string path = _directory.File("loss.png");
        File.WriteAllText(path, "stale");
        ChartWriter.WriteLossCurves(path, Losses(1.0), width: 300, height: 200);
        RequireOnlyPng(path, 300, 200);
    }

    [Fact]
    public void WriteLossCurves_NonFiniteLoss_IsNamed()
    {
        var losses = new Dictionary<string, IReadOnlyList<double>> { ["WSP"] = [2.0, double.NaN] };
        Action write = () => ChartWriter.WriteLossCurves(_directory.File("loss.png"), losses);
        write.Should().Throw<ArgumentException>().WithMessage("WSP (training): the loss of epoch 2 is NaN*");
        Directory.GetFiles(_directory.Path).Should().BeEmpty();
    }

    private static Dictionary<string, IReadOnlyList<double>> Losses(double scale) =>
        new[] { "SimCLR", "SupCon", "WSP" }.Select((method, m) => (method, m)).ToDictionary(
            x => x.method,
            x => (IReadOnlyList<double>)Enumerable.Range(1, 40).Select(epoch => scale * (4.0 + x.m) / Math.Sqrt(epoch)).ToArray());

    private void RequireOnlyPng(string path, int width, int height)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes.Take(8).Should().Equal(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);
        using SKBitmap bitmap = SKBitmap.Decode(bytes);
        bitmap.Should().NotBeNull();
        bitmap.Width.Should().Be(width);
        bitmap.Height.Should().Be(height);
        // No temporary file is left beside the chart.
        Directory.GetFiles(_directory.Path).Should().Equal(path);
    }
}
