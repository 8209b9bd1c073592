namespace Wsp.Data.Augmentation;

/// <summary>Random augmentations of slices; the defaults are the authors' (each geometric transform with probability 0.5).</summary>
public sealed class SliceAugmentationOptions
{
    /// <summary>Probability of a horizontal flip.</summary>
    public double HorizontalFlipProbability { get; set; } = 0.5;

    /// <summary>Probability of a vertical flip.</summary>
    public double VerticalFlipProbability { get; set; } = 0.5;

    /// <summary>Probability of a random resized crop.</summary>
    public double CropProbability { get; set; } = 0.5;

    /// <summary>Smallest kept area fraction of a crop (area drawn in [CropScale, 1], aspect ratio in [3/4, 4/3]).</summary>
    public double CropScale { get; set; } = 0.7;

    /// <summary>Probability of a translation.</summary>
    public double TranslationProbability { get; set; } = 0.5;

    /// <summary>Largest shift, as a fraction of the side (0.2 = 20 %).</summary>
    public double MaxTranslation { get; set; } = 0.2;

    /// <summary>Probability of a rotation.</summary>
    public double RotationProbability { get; set; } = 0.5;

    /// <summary>Largest rotation in degrees.</summary>
    public double MaxRotationDegrees { get; set; } = 30;

    /// <summary>Probability of an intensity jitter (off by default).</summary>
    public double IntensityJitterProbability { get; set; }

    /// <summary>Largest brightness offset added.</summary>
    public double MaxBrightness { get; set; } = 0.1;

    /// <summary>Largest relative contrast change.</summary>
    public double MaxContrast { get; set; } = 0.1;

    /// <summary>Probability of additive Gaussian noise (off by default).</summary>
    public double NoiseProbability { get; set; }

    /// <summary>Standard deviation of the noise.</summary>
    public double NoiseStd { get; set; } = 0.02;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Probability(HorizontalFlipProbability, nameof(HorizontalFlipProbability));
        Probability(VerticalFlipProbability, nameof(VerticalFlipProbability));
        Probability(CropProbability, nameof(CropProbability));
        Probability(TranslationProbability, nameof(TranslationProbability));
        Probability(RotationProbability, nameof(RotationProbability));
        Probability(IntensityJitterProbability, nameof(IntensityJitterProbability));
        Probability(NoiseProbability, nameof(NoiseProbability));
        if (!(CropScale > 0 && CropScale <= 1)) throw new ArgumentOutOfRangeException(nameof(CropScale), CropScale, "Must be in (0, 1].");
        if (!(MaxTranslation >= 0 && MaxTranslation <= 1)) throw new ArgumentOutOfRangeException(nameof(MaxTranslation), MaxTranslation, "Must be in [0, 1].");
        if (!(MaxRotationDegrees >= 0 && MaxRotationDegrees <= 180)) throw new ArgumentOutOfRangeException(nameof(MaxRotationDegrees), MaxRotationDegrees, "Must be in [0, 180].");
        if (!(MaxBrightness >= 0 && double.IsFinite(MaxBrightness))) throw new ArgumentOutOfRangeException(nameof(MaxBrightness), MaxBrightness, "Must be finite and non-negative.");
        if (!(MaxContrast >= 0 && MaxContrast < 1)) throw new ArgumentOutOfRangeException(nameof(MaxContrast), MaxContrast, "Must be in [0, 1).");
        if (!(NoiseStd >= 0 && double.IsFinite(NoiseStd))) throw new ArgumentOutOfRangeException(nameof(NoiseStd), NoiseStd, "Must be finite and non-negative.");
    }

    /// <summary>A copy.</summary>
    public SliceAugmentationOptions Clone() => (SliceAugmentationOptions)MemberwiseClone();

    private static void Probability(double value, string name)
    {
        if (!(value >= 0 && value <= 1)) throw new ArgumentOutOfRangeException(name, value, "A probability must be in [0, 1].");
    }
}
