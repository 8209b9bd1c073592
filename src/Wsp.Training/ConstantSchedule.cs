using Wsp.Core;
using System.Globalization;

namespace Wsp.Training;

/// <summary>The same learning rate every epoch.</summary>
public sealed class ConstantSchedule : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="rate">The learning rate.</param>
    public ConstantSchedule(double rate)
    {
        OptionRules.Positive(rate, nameof(rate));
        Rate = rate;
    }

    /// <summary>The learning rate.</summary>
    public double Rate { get; }

    /// <inheritdoc />
    public override double At(int epoch) => Rate;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"constant({Rate:R})");
}
