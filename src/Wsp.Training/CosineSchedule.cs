using Wsp.Core;
using System.Globalization;

namespace Wsp.Training;

/// <summary>
/// Linear warm-up over <see cref="WarmupEpochs"/> epochs (rate x (e + 1) / (warm-up + 1)), then cosine decay from the
/// peak towards 0 over the remaining epochs: rate x (1 + cos(pi x (e - warm-up) / (epochs - warm-up))) / 2.
/// </summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="peak">The peak learning rate.</param>
    /// <param name="epochs">Epochs in all.</param>
    /// <param name="warmupEpochs">Epochs of warm-up, in [0, epochs).</param>
    public CosineSchedule(double peak, int epochs, int warmupEpochs = 0)
    {
        OptionRules.Positive(peak, nameof(peak));
        OptionRules.AtLeast(epochs, 1, nameof(epochs), "epoch");
        if (warmupEpochs < 0 || warmupEpochs >= epochs) throw new ArgumentOutOfRangeException(nameof(warmupEpochs), warmupEpochs, "Must be in [0, epochs).");
        Peak = peak;
        Epochs = epochs;
        WarmupEpochs = warmupEpochs;
    }

    /// <summary>The peak learning rate.</summary>
    public double Peak { get; }

    /// <summary>Epochs in all.</summary>
    public int Epochs { get; }

    /// <summary>Epochs of linear warm-up.</summary>
    public int WarmupEpochs { get; }

    /// <inheritdoc />
    public override double At(int epoch)
    {
        if (epoch < WarmupEpochs)
            return Peak * (epoch + 1) / (WarmupEpochs + 1);
        double progress = (double)(epoch - WarmupEpochs) / (Epochs - WarmupEpochs);
        return Peak * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"cosine(peak {Peak:R}, {Epochs} epochs, warm-up {WarmupEpochs})");
}
