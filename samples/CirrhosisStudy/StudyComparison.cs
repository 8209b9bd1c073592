using Wsp.Evaluation;

namespace Wsp.Samples.CirrhosisStudy;

/// <summary>WSP against one baseline under one protocol at one grid point, pooled over the seeds both have run.</summary>
/// <param name="ErrorRate">The weak reading's error rate.</param>
/// <param name="Sigma">The position kernel's bandwidth.</param>
/// <param name="Protocol">The evaluation protocol's display name.</param>
/// <param name="Baseline">The baseline's display name.</param>
/// <param name="Pooled">The mean difference AUC(WSP) - AUC(baseline) over the seeds, DeLong's variances combined (<see cref="SeedPooling.MeanDifference"/>).</param>
/// <param name="PerSeed">Each seed's own DeLong test, in seed order.</param>
/// <param name="SeedNumbers">The seeds, in the order of <paramref name="PerSeed"/>.</param>
public sealed record StudyComparison(double ErrorRate, double Sigma, string Protocol, string Baseline, DeLongResult Pooled,
    IReadOnlyList<DeLongResult> PerSeed, IReadOnlyList<int> SeedNumbers)
{
    /// <summary>How many seeds gave WSP the higher AUC.</summary>
    public int SeedsWhereWspIsHigher => PerSeed.Count(r => r.Difference > 0);
}
