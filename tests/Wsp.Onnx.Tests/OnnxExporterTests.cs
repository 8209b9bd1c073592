using System.Globalization;
using Wsp.Training.Encoders;
using Xunit.Abstractions;

namespace Wsp.Onnx.Tests;

/// <summary>Every encoder's exported graph, run by ONNX Runtime, against TorchSharp on random and real slices.</summary>
public sealed class OnnxExporterTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Sizes that are not all powers of two exercise floor pooling and odd strides (ResNet-50 stays small to stay fast).
    [Theory]
    [InlineData(EncoderArchitecture.TinyNet, 48)]
    [InlineData(EncoderArchitecture.ResNet18, 64)]
    [InlineData(EncoderArchitecture.ResNet34, 40)]
    [InlineData(EncoderArchitecture.ResNet50, 48)]
    public void Export_EveryOutput_MatchesTorchSharp_OnRandomAndRealSlices(EncoderArchitecture architecture, int size)
    {
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { Architecture = architecture }, seed: 5);
        EncoderTensors.Perturb(encoder, seed: 6);
        encoder.eval();
        string path = Path.Combine(_folder, $"{architecture}.onnx");
        OnnxExporter.Export(encoder, path, new OnnxExportOptions { Outputs = [OnnxOutput.Representation, OnnxOutput.Projection, OnnxOutput.Logits] });
        using var real = RealSlices.Load(size);

        foreach (var (source, input) in new[] { ("random", EncoderTensors.Random(3, size, seed: 7)), ("real", EncoderTensors.Of(real, 5)) })
        {
            var onnx = OnnxRun.Outputs(path, input.Pixels, input.Shape, OnnxNames.Representation, OnnxNames.Projection, OnnxNames.Logits);
            foreach (var (name, network) in new (string, Func<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>)[]
                { (OnnxNames.Representation, encoder.Represent), (OnnxNames.Projection, encoder.Project), (OnnxNames.Logits, encoder.Classify) })
            {
                double[] expected = EncoderTensors.Torch(network, input);
                double difference = Differences.MaxRelative(onnx[name].Values, expected);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{architecture} {size} px {source} batch {input.Shape[0]} {name}: max relative difference {difference:E2}"));
                onnx[name].Shape.Should().Equal(input.Shape[0], expected.Length / input.Shape[0]);
                difference.Should().BeLessThan(Differences.Tolerance, $"{architecture} {name} on {source} slices");
            }
        }
    }

    [Fact]
    public void Export_TheBatchIsSymbolic_SoBatchesOfOtherSizesRun()
    {
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions(), seed: 2);
        encoder.eval();
        string path = Path.Combine(_folder, "tiny.onnx");
        OnnxExporter.Export(encoder, path, new OnnxExportOptions { InputSize = 32 });

        foreach (int batch in new[] { 1, 9 })
        {
            var input = EncoderTensors.Random(batch, 32, seed: batch);
            var onnx = OnnxRun.Outputs(path, input.Pixels, input.Shape, OnnxNames.Representation)[OnnxNames.Representation];
            onnx.Shape.Should().Equal(batch, encoder.RepresentationSize);
            Differences.MaxRelative(onnx.Values, EncoderTensors.Torch(encoder.Represent, input)).Should().BeLessThan(Differences.Tolerance);
        }
    }

    [Fact]
    public void Export_WritesTheEncodersMetadata_AndOnlyTheOutputsAskedFor()
    {
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions(), seed: 2);
        string path = Path.Combine(_folder, "tiny.onnx");

        OnnxExporter.Export(encoder, path, new OnnxExportOptions { Outputs = [OnnxOutput.Projection] });

        var metadata = OnnxRun.Metadata(path);
        metadata[OnnxMetadataKeys.FormatVersion].Should().Be("1");
        metadata[OnnxMetadataKeys.ProducerVersion].Should().Be(OnnxExporter.ProducerVersion);
        metadata[OnnxMetadataKeys.Architecture].Should().Be("TinyNet");
        metadata[OnnxMetadataKeys.Outputs].Should().Be("projection");
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
        session.OutputMetadata.Keys.Should().Equal("projection");
        session.InputMetadata[OnnxNames.Input].Dimensions.Should().Equal(-1, 1, -1, -1);
        session.InputMetadata[OnnxNames.Input].SymbolicDimensions.Should().Equal("batch", "", "height", "width");
        Directory.GetFiles(_folder).Should().Equal([path], "the file is written atomically, with no temporary left beside it");
    }

    [Fact]
    public void Export_APatientOutputOfABareEncoder_IsRefused()
    {
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions(), seed: 2);

        Action export = () => OnnxExporter.Export(encoder, Path.Combine(_folder, "x.onnx"), new OnnxExportOptions { Outputs = [OnnxOutput.SliceLogit] });

        export.Should().Throw<ArgumentException>().WithMessage("*slice_logit needs a patient classifier*");
        File.Exists(Path.Combine(_folder, "x.onnx")).Should().BeFalse();
    }
}
