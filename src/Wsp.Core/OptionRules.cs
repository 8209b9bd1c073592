namespace Wsp.Core;

/// <summary>
/// The checks every options class of the Wsp packages applies in its <c>Validate()</c>, written once so that the same
/// rule gives the same <see cref="ArgumentOutOfRangeException"/> (naming the setting and its value) everywhere.
/// </summary>
internal static class OptionRules
{
    /// <summary>Finite and greater than 0.</summary>
    public static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, "Must be finite and greater than 0.");
    }

    /// <summary>Finite and at least 0.</summary>
    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, "Must be finite and non-negative.");
    }

    /// <summary>At least <paramref name="minimum"/>; <paramref name="unit"/> names what is counted ("epoch", "slice").</summary>
    public static void AtLeast(int value, int minimum, string name, string unit)
    {
        if (value < minimum)
            throw new ArgumentOutOfRangeException(name, value, $"At least {minimum} {unit}{(minimum == 1 ? "" : "s")}.");
    }

    /// <summary>A defined member of its enum.</summary>
    public static void Defined<TEnum>(TEnum value, string name)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentOutOfRangeException(name, value, $"Unknown {typeof(TEnum).Name}.");
    }
}
