namespace Wsp.Training.Encoders;

/// <summary>What <see cref="EncoderFactory"/> builds. Defaults: TinyNet, one channel, representation 512, projection 256-128, two classes.</summary>
public sealed class EncoderOptions
{
    /// <summary>The backbone.</summary>
    public EncoderArchitecture Architecture { get; set; } = EncoderArchitecture.TinyNet;

    /// <summary>Image channels: 1 for CT; 3 to load RGB weights.</summary>
    public int InputChannels { get; set; } = 1;

    /// <summary>TinyNet's representation size (ResNets have theirs: 512, or 2048 for ResNet-50).</summary>
    public int TinyNetRepresentationSize { get; set; } = 512;

    /// <summary>Projection head layer sizes after the representation (512 -> 256 -> 128 in the paper).</summary>
    public IReadOnlyList<int> ProjectionSizes { get; set; } = new[] { 256, 128 };

    /// <summary>Classes of the classifier head (2 for cirrhosis).</summary>
    public int ClassCount { get; set; } = 2;

    /// <summary>A copy (the projection sizes too).</summary>
    public EncoderOptions Clone()
    {
        var copy = (EncoderOptions)MemberwiseClone();
        copy.ProjectionSizes = ProjectionSizes.ToArray();
        return copy;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Architecture)) throw new ArgumentOutOfRangeException(nameof(Architecture), Architecture, "Unknown architecture.");
        if (InputChannels < 1) throw new ArgumentOutOfRangeException(nameof(InputChannels), InputChannels, "At least one channel.");
        if (TinyNetRepresentationSize < 1) throw new ArgumentOutOfRangeException(nameof(TinyNetRepresentationSize), TinyNetRepresentationSize, "At least one feature.");
        if (ProjectionSizes is null || ProjectionSizes.Count == 0 || ProjectionSizes.Any(s => s < 1))
            throw new ArgumentOutOfRangeException(nameof(ProjectionSizes), "At least one layer, each of at least one feature.");
        if (ClassCount < 2) throw new ArgumentOutOfRangeException(nameof(ClassCount), ClassCount, "At least two classes.");
    }
}
