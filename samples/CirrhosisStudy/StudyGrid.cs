using Wsp.Samples.CirrhosisTraining;

namespace Wsp.Samples.CirrhosisStudy;

/// <summary>
/// The grid of the study, fixed before any run (issue 11): weak-reading error rates 0, 0.25 and 0.5, seeds 1 to 5,
/// the sample's default sigma; plus the paper's sigma 0.85 at the default error rate for seed 1. Cells run seed by
/// seed, so that a grid stopped part-way has every error rate for its first seeds.
/// </summary>
public static class StudyGrid
{
    /// <summary>The error rates of the weak reading.</summary>
    public static readonly IReadOnlyList<double> ErrorRates = [0, 0.25, 0.5];

    /// <summary>The seeds.</summary>
    public static readonly IReadOnlyList<int> Seeds = [1, 2, 3, 4, 5];

    /// <summary>The sample's default bandwidth of the position kernel.</summary>
    public static readonly double DefaultSigma = new SampleOptions().Sigma;

    /// <summary>The paper's bandwidth, run once at the default error rate for seed 1.</summary>
    public const double PaperSigma = 0.85;

    /// <summary>The cells in the order they run.</summary>
    /// <param name="seeds">The seeds to include; null: <see cref="Seeds"/>.</param>
    public static IReadOnlyList<StudyCell> Cells(IReadOnlyList<int>? seeds = null)
    {
        seeds ??= Seeds;
        var cells = new List<StudyCell>();
        foreach (int seed in seeds)
            foreach (double rate in ErrorRates)
                cells.Add(new StudyCell(rate, seed, DefaultSigma));
        if (seeds.Contains(1))
            cells.Add(new StudyCell(SampleOptions.DefaultWeakLabelNoise, 1, PaperSigma));
        return cells;
    }
}
