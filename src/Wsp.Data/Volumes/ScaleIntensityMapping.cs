using System.Globalization;
using static TorchSharp.torch;

namespace Wsp.Data.Volumes;

/// <summary>Intensities multiplied by a constant (the authors' 0..255 volumes divided by 250).</summary>
public sealed class ScaleIntensityMapping : IntensityMapping
{
    /// <summary>Creates the mapping.</summary>
    /// <param name="factor">The factor, finite and not 0.</param>
    public ScaleIntensityMapping(double factor)
    {
        if (!double.IsFinite(factor) || factor == 0) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be finite and not 0.");
        Factor = factor;
    }

    /// <summary>The factor.</summary>
    public double Factor { get; }

    /// <inheritdoc />
    public override Tensor ApplyInPlace(Tensor images) => images.mul_(Factor);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"scale(x {Factor:G17})");
}
