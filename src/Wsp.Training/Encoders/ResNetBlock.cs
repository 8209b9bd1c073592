using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Wsp.Training.Encoders;

/// <summary>
/// A residual block with PyTorch's parameter names: basic (two 3x3 convolutions, conv1/bn1/conv2/bn2) or
/// bottleneck (1x1, 3x3, 1x1 with expansion 4, plus conv3/bn3), and <c>downsample</c> (0: conv, 1: batch norm)
/// when the shape changes.
/// </summary>
internal sealed class ResNetBlock : Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d? conv3;
    private readonly BatchNorm2d? bn3;
    private readonly Sequential? downsample;

    public ResNetBlock(long inputs, long width, long stride, bool bottleneck)
        : base(bottleneck ? "Bottleneck" : "BasicBlock")
    {
        OutputChannels = bottleneck ? width * 4 : width;
        if (bottleneck)
        {
            conv1 = Conv2d(inputs, width, 1, bias: false);
            bn1 = BatchNorm2d(width);
            conv2 = Conv2d(width, width, 3, stride: stride, padding: 1, bias: false);
            bn2 = BatchNorm2d(width);
            conv3 = Conv2d(width, OutputChannels, 1, bias: false);
            bn3 = BatchNorm2d(OutputChannels);
        }
        else
        {
            conv1 = Conv2d(inputs, width, 3, stride: stride, padding: 1, bias: false);
            bn1 = BatchNorm2d(width);
            conv2 = Conv2d(width, width, 3, padding: 1, bias: false);
            bn2 = BatchNorm2d(width);
        }
        if (stride != 1 || inputs != OutputChannels)
            downsample = Sequential(Conv2d(inputs, OutputChannels, 1, stride: stride, bias: false), BatchNorm2d(OutputChannels));
        RegisterComponents();
    }

    public long OutputChannels { get; }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = functional.relu(bn1.call(conv1.call(input)));
        x = bn2.call(conv2.call(x));
        if (conv3 is not null)
            x = bn3!.call(conv3.call(functional.relu(x)));
        Tensor identity = downsample is null ? input : downsample.call(input);
        return functional.relu(x + identity).MoveToOuterDisposeScope();
    }
}
