using Wsp.Core;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Wsp.Training.Encoders;

/// <summary>
/// A ResNet backbone (He et al., 2016) with PyTorch's parameter names (conv1, bn1, layer1.0.conv1, ...) so
/// that torchvision weights load, a stem of any channel count (1 for CT), and no final fully connected
/// layer: the output is the global-average representation [B, 512] (ResNet-18/34) or [B, 2048] (ResNet-50).
/// </summary>
public sealed class ResNet : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;

    private ResNet(string name, int[] blocks, bool bottleneck, int inputChannels)
        : base(TorchSharpNative.AfterLoading(name))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputChannels);
        conv1 = Conv2d(inputChannels, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        maxpool = MaxPool2d(3, stride: 2, padding: 1);
        long channels = 64;
        layer1 = Layer(ref channels, 64, blocks[0], 1, bottleneck);
        layer2 = Layer(ref channels, 128, blocks[1], 2, bottleneck);
        layer3 = Layer(ref channels, 256, blocks[2], 2, bottleneck);
        layer4 = Layer(ref channels, 512, blocks[3], 2, bottleneck);
        avgpool = AdaptiveAvgPool2d(1);
        RepresentationSize = (int)channels;
        RegisterComponents();
    }

    /// <summary>Features produced per image.</summary>
    public int RepresentationSize { get; }

    /// <summary>ResNet-18.</summary>
    /// <param name="inputChannels">Stem channels: 1 for CT, 3 for RGB weights.</param>
    public static ResNet ResNet18(int inputChannels = 1) => new("ResNet18", new[] { 2, 2, 2, 2 }, false, inputChannels);

    /// <summary>ResNet-34.</summary>
    /// <param name="inputChannels">Stem channels.</param>
    public static ResNet ResNet34(int inputChannels = 1) => new("ResNet34", new[] { 3, 4, 6, 3 }, false, inputChannels);

    /// <summary>ResNet-50.</summary>
    /// <param name="inputChannels">Stem channels.</param>
    public static ResNet ResNet50(int inputChannels = 1) => new("ResNet50", new[] { 3, 4, 6, 3 }, true, inputChannels);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = maxpool.call(functional.relu(bn1.call(conv1.call(input))));
        x = layer4.call(layer3.call(layer2.call(layer1.call(x))));
        return avgpool.call(x).flatten(1).MoveToOuterDisposeScope();
    }

    private static Sequential Layer(ref long channels, long width, int count, long stride, bool bottleneck)
    {
        var blocks = new List<(string, Module<Tensor, Tensor>)>();
        for (int i = 0; i < count; i++)
        {
            var block = new ResNetBlock(channels, width, i == 0 ? stride : 1, bottleneck);
            channels = block.OutputChannels;
            blocks.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), block));
        }
        return Sequential(blocks);
    }
}
