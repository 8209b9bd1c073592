using System.Globalization;

namespace Wsp.Evaluation;

/// <summary>
/// A point estimate with a bootstrap percentile interval, as <see cref="PatientBootstrap"/> computes it.
/// </summary>
/// <param name="Estimate">The statistic on the patients as observed (not the mean of the resamples).</param>
/// <param name="Lower">The (1 - <paramref name="Level"/>) / 2 quantile of the resampled statistics.</param>
/// <param name="Upper">The (1 + <paramref name="Level"/>) / 2 quantile of the resampled statistics.</param>
/// <param name="Level">Nominal coverage, e.g. 0.95.</param>
/// <param name="Resamples">Bootstrap resamples the bounds come from.</param>
public sealed record ConfidenceInterval(double Estimate, double Lower, double Upper, double Level, int Resamples)
{
    /// <summary>The interval as a table shows it, e.g. <c>0.812 [0.701, 0.905]</c>, in the invariant culture.</summary>
    /// <param name="decimals">Digits after the decimal point (3).</param>
    public string Format(int decimals = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        string f = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{Estimate.ToString(f, CultureInfo.InvariantCulture)} [{Lower.ToString(f, CultureInfo.InvariantCulture)}, {Upper.ToString(f, CultureInfo.InvariantCulture)}]");
    }
}
