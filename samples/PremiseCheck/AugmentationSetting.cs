using Wsp.Data.Augmentation;

namespace Wsp.Samples.PremiseCheck;

/// <summary>A named set of augmentations the grade classifier trains under.</summary>
/// <param name="Name">The name in the tables.</param>
/// <param name="Options">The augmentations.</param>
public sealed record AugmentationSetting(string Name, SliceAugmentationOptions Options)
{
    /// <summary>No augmentation, all of the pretraining's (the authors' defaults), and each of those alone.</summary>
    public static IReadOnlyList<AugmentationSetting> All { get; } =
    [
        new("none", Only(_ => { })),
        new("all (pretraining's)", new SliceAugmentationOptions()),
        new("horizontal flip", Only(o => o.HorizontalFlipProbability = 0.5)),
        new("vertical flip", Only(o => o.VerticalFlipProbability = 0.5)),
        new("resized crop", Only(o => o.CropProbability = 0.5)),
        new("translation", Only(o => o.TranslationProbability = 0.5)),
        new("rotation", Only(o => o.RotationProbability = 0.5)),
    ];

    // Every transform off, then the one given switched on at the authors' probability.
    private static SliceAugmentationOptions Only(Action<SliceAugmentationOptions> enable)
    {
        var options = new SliceAugmentationOptions
        {
            HorizontalFlipProbability = 0, VerticalFlipProbability = 0, CropProbability = 0, TranslationProbability = 0, RotationProbability = 0,
        };
        enable(options);
        return options;
    }
}
