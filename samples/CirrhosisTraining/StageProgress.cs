namespace Wsp.Samples.CirrhosisTraining;

/// <summary>Progress of one stage of the experiment (e.g. "Pretraining WSP"), for a progress bar.</summary>
/// <param name="Stage">The stage's name.</param>
/// <param name="Fraction">Done so far, in [0, 1].</param>
/// <param name="Detail">A short status (loss, throughput), or null.</param>
public sealed record StageProgress(string Stage, double Fraction, string? Detail = null);
