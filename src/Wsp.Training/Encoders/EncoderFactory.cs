using TorchSharp;
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
        return new SliceEncoder(backbone, size, options.ProjectionSizes, options.ClassCount, options.Architecture) { Options = options.Clone() };
    }

    /// <summary>
    /// Creates an encoder whose initial weights depend only on <paramref name="seed"/>, on <paramref name="device"/>.
    /// libtorch's global generator is seeded for the construction and then restored, so the caller's random state is
    /// untouched and no caller needs to call <c>manual_seed</c>.
    /// </summary>
    /// <param name="options">Architecture, channels, head sizes; defaults when null.</param>
    /// <param name="seed">The seed of the initial weights.</param>
    /// <param name="device">Where the encoder lives; the CPU when null.</param>
    public static SliceEncoder Create(EncoderOptions? options, long seed, Device? device = null)
    {
        using Tensor saved = random.get_rng_state();
        try
        {
            manual_seed(seed);
            SliceEncoder encoder = Create(options);
            if (device is not null)
                encoder.to(device);
            return encoder;
        }
        finally
        {
            random.set_rng_state(saved);
        }
    }

    /// <summary>A new encoder with the architecture, weights, buffers and device of <paramref name="source"/>.</summary>
    /// <param name="source">An encoder built by this factory.</param>
    /// <exception cref="ArgumentException">The source was not built by this factory (its options are unknown).</exception>
    public static SliceEncoder Copy(SliceEncoder source)
    {
        ArgumentNullException.ThrowIfNull(source);
        EncoderOptions options = source.Options
            ?? throw new ArgumentException("Only encoders built by EncoderFactory can be copied: this one's options are unknown.", nameof(source));
        Tensor first = source.parameters().First();
        SliceEncoder copy = Create(options, seed: 0, first.device);
        copy.to(first.dtype);
        copy.load_state_dict(source.state_dict());
        return copy;
    }

    /// <summary>Throws unless images of <paramref name="size"/> x <paramref name="size"/> pixels suit the encoders.</summary>
    /// <param name="size">The slice size.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is below <see cref="SliceEncoder.MinimumInputSize"/>.</exception>
    public static void ValidateInputSize(int size)
    {
        if (size < SliceEncoder.MinimumInputSize)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The encoders need slices of at least {SliceEncoder.MinimumInputSize} x {SliceEncoder.MinimumInputSize} pixels.");
    }

    private static (Module<Tensor, Tensor>, int) Backbone(TinyNet net) => (net, net.RepresentationSize);

    private static (Module<Tensor, Tensor>, int) Backbone(ResNet net) => (net, net.RepresentationSize);
}
