using Wsp.Evaluation;

namespace Wsp.Samples.CirrhosisStudy;

/// <summary>One method under one protocol at one grid point, pooled over the seeds that have run.</summary>
/// <param name="ErrorRate">The weak reading's error rate.</param>
/// <param name="Sigma">The position kernel's bandwidth.</param>
/// <param name="Method">The pretraining method's display name.</param>
/// <param name="Protocol">The evaluation protocol's display name.</param>
/// <param name="Seeds">Per seed, the method's predictions, in seed order.</param>
/// <param name="Auc">The mean AUC over the seeds with its 95 % interval (<see cref="SeedPooling.MeanAuc"/>).</param>
/// <param name="BalancedAccuracy">The mean balanced accuracy over the seeds with its 95 % interval.</param>
public sealed record StudyRow(double ErrorRate, double Sigma, string Method, string Protocol, IReadOnlyList<SeedPredictions> Seeds,
    ConfidenceInterval Auc, ConfidenceInterval BalancedAccuracy);
