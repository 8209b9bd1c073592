namespace Wsp.Training;

/// <summary>Reported after every step of <see cref="ContrastivePretrainer"/>.</summary>
/// <param name="Epoch">Epoch (1-based).</param>
/// <param name="Epochs">Epochs in total.</param>
/// <param name="Step">Step within the epoch (1-based).</param>
/// <param name="Loss">This step's loss.</param>
/// <param name="SlicesPerSecond">Slices (each in two views) per second over the epoch so far.</param>
/// <param name="Elapsed">Time since training (or resuming) started.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Step, double Loss, double SlicesPerSecond, TimeSpan Elapsed);
