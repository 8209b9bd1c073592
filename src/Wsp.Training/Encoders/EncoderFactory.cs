using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Wsp.Training.Encoders;

/// <summary>Builds slice encoders from <see cref="EncoderOptions"/>.</summary>
public static class EncoderFactory
{
    /// <summary>Creates an encoder on the CPU (move it with <c>.to(device)</c>).</summary>
    /// <param name="options">Architecture, channels, head sizes; defaults when null.</param>
    public static SliceEncoder Create(EncoderOptions? options = null)
    {
        options ??= new EncoderOptions();
        options.Validate();
        // The backbones and the encoder check that libtorch loads, with a message that says how to fix it.
        (Module<Tensor, Tensor> backbone, int size) = options.Architecture switch
        {
            EncoderArchitecture.TinyNet => Backbone(new TinyNet(options.InputChannels, options.TinyNetRepresentationSize)),
            EncoderArchitecture.ResNet18 => Backbone(ResNet.ResNet18(options.InputChannels)),
            EncoderArchitecture.ResNet34 => Backbone(ResNet.ResNet34(options.InputChannels)),
            _ => Backbone(ResNet.ResNet50(options.InputChannels)),
        };
        return new SliceEncoder(backbone, size, options.ProjectionSizes, options.ClassCount, options.Architecture);
    }

    private static (Module<Tensor, Tensor>, int) Backbone(TinyNet net) => (net, net.RepresentationSize);

    private static (Module<Tensor, Tensor>, int) Backbone(ResNet net) => (net, net.RepresentationSize);
}
