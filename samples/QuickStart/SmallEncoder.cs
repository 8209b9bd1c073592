using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Wsp.Samples.QuickStart;

/// <summary>A small convolutional encoder with a projection head, enough to show the loss at work.</summary>
internal sealed class SmallEncoder : Module<Tensor, Tensor>
{
    private readonly Sequential features;
    private readonly Sequential head;

    public SmallEncoder(int representation = 64, int projection = 32)
        : base(nameof(SmallEncoder))
    {
        features = Sequential(
            Conv2d(1, 16, 5, padding: 2), ReLU(), MaxPool2d(2),
            Conv2d(16, 32, 5, padding: 2), ReLU(), MaxPool2d(2),
            Conv2d(32, representation, 5, padding: 2), ReLU(),
            AdaptiveAvgPool2d(1), Flatten());
        head = Sequential(Linear(representation, representation), ReLU(), Linear(representation, projection));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => head.call(features.call(input));
}
