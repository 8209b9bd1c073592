using static TorchSharp.torch;

namespace Wsp.Data.Volumes;

/// <summary>Maps raw intensities (e.g. Hounsfield units) to the network's input range.</summary>
public abstract class IntensityMapping
{
    /// <summary>A CT window: [center - width / 2, center + width / 2] mapped linearly to [0, 1], clamped.</summary>
    /// <param name="center">Window level (HU).</param>
    /// <param name="width">Window width (HU), greater than 0.</param>
    public static IntensityMapping Window(double center, double width) => new WindowMapping(center, width);

    /// <summary>The abdominal soft-tissue window (level 50 HU, width 400 HU), which shows the liver and its surroundings.</summary>
    public static IntensityMapping SoftTissueWindow { get; } = new WindowMapping(50, 400);

    /// <summary>The authors' convention: volumes pre-windowed to 0..255 are divided by 250.</summary>
    public static IntensityMapping Authors { get; } = new ScaleMapping(1.0 / 250);

    /// <summary>Applies the mapping in place and returns the tensor.</summary>
    /// <param name="images">Raw intensities.</param>
    public abstract Tensor ApplyInPlace(Tensor images);

    private sealed class WindowMapping : IntensityMapping
    {
        private readonly double _low;
        private readonly double _width;

        public WindowMapping(double center, double width)
        {
            if (!double.IsFinite(center)) throw new ArgumentOutOfRangeException(nameof(center), center, "The window level must be finite.");
            if (!(width > 0) || !double.IsFinite(width)) throw new ArgumentOutOfRangeException(nameof(width), width, "The window width must be finite and greater than 0.");
            _low = center - width / 2;
            _width = width;
        }

        public override Tensor ApplyInPlace(Tensor images) => images.sub_(_low).div_(_width).clamp_(0, 1);
    }

    private sealed class ScaleMapping(double factor) : IntensityMapping
    {
        public override Tensor ApplyInPlace(Tensor images) => images.mul_(factor);
    }
}
