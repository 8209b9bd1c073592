using System.Globalization;
using static TorchSharp.torch;

namespace Wsp.Data.Volumes;

/// <summary>A CT window: [center - width / 2, center + width / 2] mapped linearly to [0, 1], clamped.</summary>
public sealed class WindowIntensityMapping : IntensityMapping
{
    /// <summary>Creates the window.</summary>
    /// <param name="center">Window level (HU), finite.</param>
    /// <param name="width">Window width (HU), finite and greater than 0.</param>
    public WindowIntensityMapping(double center, double width)
    {
        if (!double.IsFinite(center)) throw new ArgumentOutOfRangeException(nameof(center), center, "The window level must be finite.");
        if (!(width > 0) || !double.IsFinite(width)) throw new ArgumentOutOfRangeException(nameof(width), width, "The window width must be finite and greater than 0.");
        Center = center;
        Width = width;
    }

    /// <summary>Window level (HU).</summary>
    public double Center { get; }

    /// <summary>Window width (HU).</summary>
    public double Width { get; }

    /// <inheritdoc />
    public override Tensor ApplyInPlace(Tensor images) => images.sub_(Center - Width / 2).div_(Width).clamp_(0, 1);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"window(level {Center:G17} HU, width {Width:G17} HU)");
}
