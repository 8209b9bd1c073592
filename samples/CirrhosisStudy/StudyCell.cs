using System.Globalization;

namespace Wsp.Samples.CirrhosisStudy;

/// <summary>One run of the study's grid: the cirrhosis experiment on one synthetic cohort with one set of settings.</summary>
/// <param name="WeakLabelNoise">Probability that a patient's weak reading is moved to a neighbouring grade.</param>
/// <param name="Seed">Seed of the cohort, the initial weights, the samplers and the folds.</param>
/// <param name="Sigma">Bandwidth of y-Aware's and WSP's position kernel.</param>
public sealed record StudyCell(double WeakLabelNoise, int Seed, double Sigma)
{
    /// <summary>The folder name of the cell, e.g. "noise-0.25-seed-1" or "noise-0.25-seed-1-sigma-0.85".</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture,
        $"noise-{WeakLabelNoise:0.##}-seed-{Seed}{(Sigma == StudyGrid.DefaultSigma ? "" : $"-sigma-{Sigma:0.##}")}");

    /// <summary>Whether the cell uses the sample's default sigma (the main grid) rather than the extra sigma column.</summary>
    public bool HasDefaultSigma => Sigma == StudyGrid.DefaultSigma;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"weak-reading error {WeakLabelNoise:0.##}, seed {Seed}, sigma {Sigma:0.##}");
}
