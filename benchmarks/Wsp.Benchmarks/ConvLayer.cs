namespace Wsp.Benchmarks;

/// <summary>
/// One distinct convolution of an encoder as the step benchmark trains it: its shape, the side of its square input,
/// and how many convolutions of the network share that shape (the profile times one and weighs it by the count).
/// </summary>
internal sealed record ConvLayer(string Name, int InputChannels, int OutputChannels, int Kernel, int Stride, int Padding, bool Bias, int InputSize, int Count)
{
    /// <summary>Whether backward also computes the input's gradient: not for the stem, whose input is the image.</summary>
    public bool InputGradient => InputChannels > 1;

    /// <summary>The distinct convolutions of <paramref name="architecture"/> at <paramref name="size"/> pixels, in network order.</summary>
    public static IReadOnlyList<ConvLayer> Of(string architecture, int size) => architecture switch
    {
        // src/Wsp.Training/Encoders/TinyNet.cs: five 5x5 convolutions, each followed by 2x2 pooling.
        "TinyNet" => new[] { 1, 16, 32, 64, 128 }
            .Zip(new[] { 16, 32, 64, 128, 512 })
            .Select((c, i) => new ConvLayer($"conv{i + 1}", c.First, c.Second, 5, 1, 2, true, size >> i, 1))
            .ToArray(),
        // src/Wsp.Training/Encoders/ResNet.cs (ResNet-18, one-channel stem): the stem at full size, then four stages
        // of two basic blocks after the stride-2 stem and pooling (size / 4); each later stage halves the size.
        "ResNet18" => ResNet18(size),
        _ => throw new ArgumentException($"Unknown architecture {architecture}.", nameof(architecture)),
    };

    private static ConvLayer[] ResNet18(int size)
    {
        var layers = new List<ConvLayer> { new("stem 7x7/2", 1, 64, 7, 2, 3, false, size, 1) };
        int side = size / 4;
        layers.Add(new("layer1 3x3", 64, 64, 3, 1, 1, false, side, 4));
        int channels = 64;
        for (int stage = 2; stage <= 4; stage++)
        {
            int width = channels * 2;
            layers.Add(new($"layer{stage} 3x3/2", channels, width, 3, 2, 1, false, side, 1));
            layers.Add(new($"layer{stage} downsample 1x1/2", channels, width, 1, 2, 0, false, side, 1));
            side /= 2;
            layers.Add(new($"layer{stage} 3x3", width, width, 3, 1, 1, false, side, 3));
            channels = width;
        }
        return layers.ToArray();
    }
}
