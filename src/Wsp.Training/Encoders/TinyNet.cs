using Wsp.Core;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Wsp.Training.Encoders;

/// <summary>
/// The authors' TinyNet backbone: four 5x5 convolutions (channels 16, 32, 64, 128) each followed by ReLU
/// and 2x2 max-pooling, a 5x5 convolution to the representation size with ReLU and pooling, then a global
/// average. Padding keeps sizes, and the global average accepts any input from 32 pixels up (64 to 512
/// in practice). Output: [B, representation].
/// Convolutions are initialised with He (Kaiming) normal weights for ReLU (fan-in) and zero biases. The
/// network has no normalisation layer, and with libtorch's default initialisation each layer shrinks the
/// activations: the representations of all images then differ by about 0.1 %, every projection points the
/// same way, and contrastive losses start at their collapsed value log(2N - 1) with almost no gradient.
/// </summary>
public sealed class TinyNet : Module<Tensor, Tensor>
{
    private readonly Sequential features;

    /// <summary>Creates the backbone.</summary>
    /// <param name="inputChannels">Image channels (1 for CT).</param>
    /// <param name="representationSize">Output features (512 in the paper).</param>
    public TinyNet(int inputChannels = 1, int representationSize = 512)
        : base(TorchSharpNative.AfterLoading(nameof(TinyNet)))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(representationSize);
        RepresentationSize = representationSize;
        features = Sequential(
            Conv2d(inputChannels, 16, 5, padding: 2), ReLU(inplace: true), MaxPool2d(2),
            Conv2d(16, 32, 5, padding: 2), ReLU(inplace: true), MaxPool2d(2),
            Conv2d(32, 64, 5, padding: 2), ReLU(inplace: true), MaxPool2d(2),
            Conv2d(64, 128, 5, padding: 2), ReLU(inplace: true), MaxPool2d(2),
            Conv2d(128, representationSize, 5, padding: 2), ReLU(inplace: true), MaxPool2d(2),
            AdaptiveAvgPool2d(1), Flatten());
        RegisterComponents();
        using (no_grad())
        {
            foreach (var convolution in features.modules().OfType<Conv2d>())
            {
                init.kaiming_normal_(convolution.weight, mode: init.FanInOut.FanIn, nonlinearity: init.NonlinearityType.ReLU);
                init.zeros_(convolution.bias);
            }
        }
    }

    /// <summary>Features produced per image.</summary>
    public int RepresentationSize { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => features.call(input);
}
