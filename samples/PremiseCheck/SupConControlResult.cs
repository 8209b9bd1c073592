namespace Wsp.Samples.PremiseCheck;

/// <summary>SupCon's pretraining losses on one problem.</summary>
/// <param name="Problem">What the slices show.</param>
/// <param name="BatchSize">Slices per batch, N (2N views).</param>
/// <param name="EpochLosses">Mean loss of each epoch.</param>
public sealed record SupConControlResult(string Problem, int BatchSize, IReadOnlyList<double> EpochLosses)
{
    /// <summary>The loss of a collapsed encoder, log(2N - 1): every view equally similar to every other.</summary>
    public double CollapsedLoss => Math.Log(2.0 * BatchSize - 1);

    /// <summary>The lowest epoch loss.</summary>
    public double LowestLoss => EpochLosses.Min();
}
