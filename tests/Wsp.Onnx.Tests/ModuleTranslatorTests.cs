using System.Globalization;
using TorchSharp;
using Wsp.Training.Encoders;
using Xunit.Abstractions;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Wsp.Onnx.Tests;

/// <summary>Module settings beyond those of the built-in encoders, and modules the exporter must refuse by name.</summary>
public sealed class ModuleTranslatorTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-onnx-modules-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static SliceEncoder Around(Module<Tensor, Tensor> backbone, int representation) =>
        new(backbone, representation, [6, 4], 3, EncoderArchitecture.TinyNet);

    [Fact]
    public void Export_AnUnknownModuleInASequential_IsRefusedWithItsPathAndType()
    {
        using SliceEncoder encoder = Around(Sequential(Conv2d(1, 4, 3, padding: 1), GELU(), AdaptiveAvgPool2d(1), Flatten()), 4);
        string path = Path.Combine(_folder, "gelu.onnx");

        Action export = () => OnnxExporter.Export(encoder, path);

        export.Should().Throw<NotSupportedException>().WithMessage("Cannot export module 'backbone.1' (TorchSharp.Modules.GELU) to ONNX: *");
        File.Exists(path).Should().BeFalse("nothing is written when a module is refused");
    }

    [Fact]
    public void Export_ABackboneOfAnUnknownType_IsRefusedWithItsType()
    {
        using SliceEncoder encoder = Around(new Doubling(), 1);

        Action export = () => OnnxExporter.Export(encoder, Path.Combine(_folder, "doubling.onnx"));

        export.Should().Throw<NotSupportedException>().WithMessage($"Cannot export module 'backbone' ({typeof(Doubling).FullName}) to ONNX: this module type is not known*");
    }

    [Fact]
    public void Export_AConvolutionWithReflectPadding_IsRefused()
    {
        using SliceEncoder encoder = Around(Sequential(Conv2d(1, 4, 3, padding: 1, padding_mode: PaddingModes.Reflect), AdaptiveAvgPool2d(1), Flatten()), 4);

        Action export = () => OnnxExporter.Export(encoder, Path.Combine(_folder, "reflect.onnx"));

        export.Should().Throw<NotSupportedException>().WithMessage("Cannot export module 'backbone.0' (TorchSharp.Modules.Conv2d) to ONNX: padding mode Reflect*");
    }

    [Fact]
    public void Export_ABatchNormWithoutRunningStatistics_IsRefused()
    {
        using SliceEncoder encoder = Around(Sequential(Conv2d(1, 4, 3), BatchNorm2d(4, track_running_stats: false), AdaptiveAvgPool2d(1), Flatten()), 4);

        Action export = () => OnnxExporter.Export(encoder, Path.Combine(_folder, "bn.onnx"));

        export.Should().Throw<NotSupportedException>().WithMessage("Cannot export module 'backbone.1' (TorchSharp.Modules.BatchNorm2d)*running statistics*");
    }

    // Strides, dilation, groups, 'same' padding, a bias-free convolution and ceil-mode pooling on an odd size, in one graph.
    [Fact]
    public void Export_OtherConvolutionAndPoolingSettings_MatchTorchSharp()
    {
        using SliceEncoder encoder = Around(Sequential(
            Conv2d(1, 4, 3, stride: 2, padding: 1), BatchNorm2d(4), ReLU(),
            MaxPool2d(3, stride: 2, padding: 1, ceil_mode: true),
            Conv2d(4, 8, 4, Padding.Same, dilation: 2, groups: 2, bias: false), ReLU(),
            MaxPool2d(2, ceil_mode: true),
            Conv2d(8, 8, (3, 1), padding: (1, 0)),
            AdaptiveAvgPool2d(1), Flatten()), 8);
        EncoderTensors.Perturb(encoder, seed: 3);
        encoder.eval();
        string path = Path.Combine(_folder, "settings.onnx");
        OnnxExporter.Export(encoder, path, new OnnxExportOptions { Outputs = [OnnxOutput.Representation, OnnxOutput.Logits] });

        foreach (int size in new[] { 37, 32 })
        {
            var input = EncoderTensors.Random(2, size, seed: size);
            var onnx = OnnxRun.Outputs(path, input.Pixels, input.Shape, OnnxNames.Representation, OnnxNames.Logits);
            double representation = Differences.MaxRelative(onnx[OnnxNames.Representation].Values, EncoderTensors.Torch(encoder.Represent, input));
            double logits = Differences.MaxRelative(onnx[OnnxNames.Logits].Values, EncoderTensors.Torch(encoder.Classify, input));
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size} px: representation {representation:E2}, logits {logits:E2}"));
            representation.Should().BeLessThan(Differences.Tolerance);
            logits.Should().BeLessThan(Differences.Tolerance);
        }
    }

    private sealed class Doubling() : Module<Tensor, Tensor>(nameof(Doubling))
    {
        public override Tensor forward(Tensor input) => (input * 2).mean([1, 2, 3]).unsqueeze(1);
    }
}
