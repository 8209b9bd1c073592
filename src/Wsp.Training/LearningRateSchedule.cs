namespace Wsp.Training;

/// <summary>
/// The learning rate of each epoch, shared by <see cref="ContrastivePretrainer"/> and <see cref="ClassifierTrainer"/>;
/// the trainers set it on every parameter group at the start of each epoch.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate of epoch <paramref name="epoch"/> (0-based).</summary>
    /// <param name="epoch">The epoch.</param>
    public abstract double At(int epoch);

    /// <summary>The schedule and its parameters, as recorded in checkpoints.</summary>
    public abstract override string ToString();

    /// <summary>Sets the rate of <paramref name="epoch"/> on every parameter group of <paramref name="optimizer"/>.</summary>
    /// <param name="optimizer">The optimiser.</param>
    /// <param name="epoch">The epoch (0-based).</param>
    /// <returns>The rate set.</returns>
    public double Apply(TorchSharp.Modules.OptimizerHelper optimizer, int epoch)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        double rate = At(epoch);
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = rate;
        return rate;
    }
}
