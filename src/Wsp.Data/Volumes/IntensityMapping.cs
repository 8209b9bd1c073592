using static TorchSharp.torch;

namespace Wsp.Data.Volumes;

/// <summary>
/// Maps raw intensities (e.g. Hounsfield units) to the network's input range. The built-in kinds are public types
/// (<see cref="WindowIntensityMapping"/>, <see cref="ScaleIntensityMapping"/>), so that a saved model can record and
/// rebuild the mapping it was trained with; a model cannot be saved with a mapping of another type.
/// </summary>
public abstract class IntensityMapping
{
    /// <summary>A CT window: [center - width / 2, center + width / 2] mapped linearly to [0, 1], clamped.</summary>
    /// <param name="center">Window level (HU).</param>
    /// <param name="width">Window width (HU), greater than 0.</param>
    public static WindowIntensityMapping Window(double center, double width) => new(center, width);

    /// <summary>The abdominal soft-tissue window (level 50 HU, width 400 HU), which shows the liver and its surroundings.</summary>
    public static WindowIntensityMapping SoftTissueWindow { get; } = new(50, 400);

    /// <summary>The authors' convention: volumes pre-windowed to 0..255 are divided by 250.</summary>
    public static ScaleIntensityMapping Authors { get; } = new(1.0 / 250);

    /// <summary>Applies the mapping in place and returns the tensor.</summary>
    /// <param name="images">Raw intensities.</param>
    public abstract Tensor ApplyInPlace(Tensor images);
}
