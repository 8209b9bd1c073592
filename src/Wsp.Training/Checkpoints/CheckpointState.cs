namespace Wsp.Training.Checkpoints;

/// <summary>What a checkpoint records besides the weights: where the run stood after an epoch.</summary>
/// <param name="Epoch">Epochs completed (1-based count).</param>
/// <param name="EpochLosses">Mean training loss of each completed epoch; one per epoch.</param>
/// <param name="ValidationLosses">Mean validation loss of each validated epoch; none, or one per epoch.</param>
/// <param name="GlobalStep">Optimisation steps taken in all.</param>
public sealed record CheckpointState(int Epoch, IReadOnlyList<double> EpochLosses, IReadOnlyList<double> ValidationLosses, long GlobalStep);
