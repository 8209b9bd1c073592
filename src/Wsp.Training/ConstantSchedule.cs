using System.Globalization;

namespace Wsp.Training;

/// <summary>The same learning rate every epoch.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="rate">The learning rate.</param>
    public ConstantSchedule(double rate)
    {
        if (!(rate > 0) || !double.IsFinite(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "Must be finite and greater than 0.");
        Rate = rate;
    }

    /// <summary>The learning rate.</summary>
    public double Rate { get; }

    /// <inheritdoc />
    public override double At(int epoch) => Rate;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"constant({Rate:R})");
}
