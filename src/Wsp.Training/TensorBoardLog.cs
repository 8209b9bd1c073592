using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Wsp.Training;

/// <summary>
/// The pretrainer's scalars in TensorBoard event files, through TorchSharp's <see cref="SummaryWriter"/>. That
/// writer opens, appends to and closes its file on every call, so each scalar is on disk when the call returns
/// and there is nothing to flush or dispose.
/// </summary>
internal sealed class TensorBoardLog
{
    internal const string StepTrainingLoss = "step/train_loss";
    internal const string EpochTrainingLoss = "epoch/train_loss";
    internal const string EpochValidationLoss = "epoch/validation_loss";
    internal const string EpochLearningRate = "epoch/learning_rate";
    internal const string EpochSlicesPerSecond = "epoch/slices_per_second";

    private readonly SummaryWriter _writer;

    /// <summary>Starts a new event file in <paramref name="directory"/>, which is created if missing.</summary>
    public TensorBoardLog(string directory) => _writer = utils.tensorboard.SummaryWriter(directory);

    /// <summary>One training step's loss at its global (1-based, across epochs) step.</summary>
    public void Step(long globalStep, double loss) => Add(StepTrainingLoss, loss, globalStep);

    /// <summary>An epoch's scalars at its 1-based epoch number.</summary>
    public void Epoch(EpochSummary summary)
    {
        Add(EpochTrainingLoss, summary.TrainingLoss, summary.Epoch);
        if (summary.ValidationLoss is { } validation)
            Add(EpochValidationLoss, validation, summary.Epoch);
        Add(EpochLearningRate, summary.LearningRate, summary.Epoch);
        Add(EpochSlicesPerSecond, summary.SlicesPerSecond, summary.Epoch);
    }

    // The writer stamps each value with the current wall time in whole Unix seconds; its step is an int.
    private void Add(string tag, double value, long step) => _writer.add_scalar(tag, (float)value, checked((int)step));
}
