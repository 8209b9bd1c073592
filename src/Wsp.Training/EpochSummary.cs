namespace Wsp.Training;

/// <summary>
/// Raised through <see cref="ContrastivePretrainer.EpochCompleted"/> once an epoch is trained, validated and
/// checkpointed: one point of each loss curve.
/// </summary>
/// <param name="Epoch">Epoch (1-based).</param>
/// <param name="Epochs">Epochs in total.</param>
/// <param name="TrainingLoss">Mean training loss over the epoch's steps.</param>
/// <param name="ValidationLoss">Mean validation loss over the validation batches; null when the run has no validation batches.</param>
/// <param name="LearningRate">The epoch's learning rate.</param>
/// <param name="SlicesPerSecond">Training slices (each in two views) per second over the epoch, validation excluded.</param>
/// <param name="Elapsed">Time since training (or resuming) started.</param>
public sealed record EpochSummary(int Epoch, int Epochs, double TrainingLoss, double? ValidationLoss, double LearningRate, double SlicesPerSecond, TimeSpan Elapsed);
