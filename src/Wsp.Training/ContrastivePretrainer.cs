using Wsp.Core;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using Wsp.Losses;
using Wsp.Training.Checkpoints;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Training;

/// <summary>
/// Contrastive pretraining of a <see cref="SliceEncoder"/> with any loss over two views: Adam or AdamW, a
/// per-epoch cosine schedule with optional warm-up, optional gradient clipping and gradient caching,
/// progress through <see cref="IProgress{T}"/> (every step) and <see cref="EpochCompleted"/> (every epoch), an
/// optional validation loss after every epoch, logging through <see cref="ILogger"/>, optional TensorBoard event
/// files (<see cref="PretrainingOptions.TensorBoardDirectory"/>), and a checkpoint after every epoch (model,
/// optimiser, random state, epoch, losses, global step), written so that a crash while saving leaves the previous
/// checkpoint readable. A run that finds a checkpoint resumes after its epoch and, given the same per-epoch batches,
/// continues exactly as an uninterrupted run.
/// </summary>
public sealed partial class ContrastivePretrainer : IDisposable
{
    private readonly SliceEncoder _encoder;
    private readonly ContrastiveLoss _loss;
    private readonly PretrainingOptions _options;
    private readonly LearningRateSchedule _schedule;
    private readonly CheckpointStore? _checkpoints;
    private readonly ILogger _logger;
    private readonly TorchSharp.Modules.OptimizerHelper _optimizer;
    private readonly List<double> _epochLosses = new();
    private readonly List<double> _validationLosses = new();
    private long _globalStep;

    /// <summary>Creates the trainer; the encoder's parameters are optimised in place on their device.</summary>
    /// <param name="encoder">The encoder; the loss compares its projections.</param>
    /// <param name="loss">The contrastive loss.</param>
    /// <param name="options">Optimiser, schedule, checkpoints.</param>
    /// <param name="logger">Receives one line per epoch; none by default.</param>
    public ContrastivePretrainer(SliceEncoder encoder, ContrastiveLoss loss, PretrainingOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(loss);
        _options = options?.Clone() ?? new PretrainingOptions();
        _options.Validate();
        _encoder = encoder;
        _loss = loss;
        _logger = logger ?? NullLogger.Instance;
        _schedule = _options.Schedule();
        _optimizer = OptimizerFactory.Create(_options.Optimizer, encoder.parameters(), _options.LearningRate, _options.WeightDecay);
        Settings = _options.Settings().With(new Dictionary<string, string>
        {
            ["loss"] = loss.Describe(),
            ["encoder"] = encoder.Describe(),
        });
        _checkpoints = _options.CheckpointDirectory is { } folder ? new CheckpointStore(folder, Settings, _logger) : null;
    }

    /// <summary>
    /// Everything this run's trajectory depends on that the trainer knows (optimiser, schedule, loss, encoder) and the
    /// caller's <see cref="PretrainingOptions.RunSettings"/>; recorded in checkpoints and compared on resume.
    /// </summary>
    public TrainingSettings Settings { get; }

    /// <summary>Mean loss of every completed epoch, including those restored from a checkpoint.</summary>
    public IReadOnlyList<double> EpochLosses => _epochLosses;

    /// <summary>
    /// Mean validation loss of every completed epoch that was validated, including those restored from a checkpoint:
    /// one per epoch, aligned with <see cref="EpochLosses"/>, when every run is given validation batches.
    /// </summary>
    public IReadOnlyList<double> ValidationLosses => _validationLosses;

    /// <summary>
    /// Raised on the training thread after each epoch has been trained, validated and checkpointed, with that epoch's
    /// losses, learning rate and throughput: the points of a loss curve. A handler that throws stops training after the
    /// epoch's checkpoint.
    /// </summary>
    public event EventHandler<EpochSummary>? EpochCompleted;

    /// <summary>Trains up to <see cref="PretrainingOptions.Epochs"/>, resuming from the checkpoint folder if it holds one.</summary>
    /// <param name="batchesForEpoch">The batches of an epoch (0-based); deterministic per epoch for exact resumption.</param>
    /// <param name="progress">Receives every step.</param>
    /// <param name="cancellationToken">Stops between steps; the last completed epoch's checkpoint remains.</param>
    public Task<IReadOnlyList<double>> TrainAsync(Func<int, IAsyncEnumerable<ContrastiveBatch>> batchesForEpoch,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        => TrainAsync(batchesForEpoch, validationBatchesForEpoch: null, progress, cancellationToken);

    /// <summary>
    /// Trains up to <see cref="PretrainingOptions.Epochs"/>, resuming from the checkpoint folder if it holds one, and
    /// after every epoch computes the mean loss of the validation batches (encoder in evaluation mode, no gradients,
    /// embedded in chunks of <see cref="PretrainingOptions.GradientCacheChunkSize"/> when set), recorded in
    /// <see cref="ValidationLosses"/>, the log, the checkpoint, <see cref="EpochCompleted"/> and TensorBoard.
    /// </summary>
    /// <param name="batchesForEpoch">The training batches of an epoch (0-based); deterministic per epoch for exact resumption.</param>
    /// <param name="validationBatchesForEpoch">The validation batches after an epoch (0-based), usually the same every epoch; null: no validation.</param>
    /// <param name="progress">Receives every training step.</param>
    /// <param name="cancellationToken">Stops between steps; the last completed epoch's checkpoint remains.</param>
    public async Task<IReadOnlyList<double>> TrainAsync(Func<int, IAsyncEnumerable<ContrastiveBatch>> batchesForEpoch,
        Func<int, IAsyncEnumerable<ContrastiveBatch>>? validationBatchesForEpoch,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batchesForEpoch);
        int first = TryResume();
        // A run with no epoch left writes no (empty) event file.
        TensorBoardLog? board = _options.TensorBoardDirectory is { } boardDirectory && first < _options.Epochs
            ? new TensorBoardLog(boardDirectory) : null;
        var clock = Stopwatch.StartNew();
        _encoder.train();
        for (int epoch = first; epoch < _options.Epochs; epoch++)
        {
            double learningRate = _schedule.Apply(_optimizer, epoch);

            double lossSum = 0;
            int steps = 0;
            long slices = 0;
            var epochClock = Stopwatch.StartNew();
            await foreach (ContrastiveBatch batch in batchesForEpoch(epoch).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                double value = Step(batch, epoch, steps + 1);
                lossSum += value;
                steps++;
                _globalStep++;
                slices += batch.ViewA.shape[0];
                board?.Step(_globalStep, value);
                progress?.Report(new TrainingProgress(epoch + 1, _options.Epochs, steps, value, slices / Math.Max(epochClock.Elapsed.TotalSeconds, 1e-9), clock.Elapsed));
            }
            if (steps == 0)
                throw new InvalidOperationException($"Epoch {epoch + 1} produced no batch.");
            double trainingSeconds = epochClock.Elapsed.TotalSeconds;
            double? validationLoss = validationBatchesForEpoch is null ? null
                : await ValidateAsync(validationBatchesForEpoch(epoch), epoch, cancellationToken).ConfigureAwait(false);
            var summary = new EpochSummary(epoch + 1, _options.Epochs, lossSum / steps, validationLoss, learningRate,
                slices / Math.Max(trainingSeconds, 1e-9), clock.Elapsed);
            // Recorded only now, so that an epoch cancelled during validation leaves no loss without a checkpoint.
            _epochLosses.Add(summary.TrainingLoss);
            if (validationLoss is { } validation)
            {
                _validationLosses.Add(validation);
                LogEpochWithValidation(_logger, epoch + 1, _options.Epochs, summary.TrainingLoss, validation, learningRate, epochClock.Elapsed.TotalSeconds);
            }
            else
            {
                LogEpoch(_logger, epoch + 1, _options.Epochs, summary.TrainingLoss, learningRate, epochClock.Elapsed.TotalSeconds);
            }
            SaveCheckpoint(epoch);
            board?.Epoch(summary);
            EpochCompleted?.Invoke(this, summary);
        }
        return _epochLosses.ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => _optimizer.Dispose();

    private double Step(ContrastiveBatch batch, int epoch, int step)
    {
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        Tensor loss;
        if (_options.GradientCacheChunkSize is { } chunk)
        {
            loss = GradientCache.Step(_encoder, batch.ViewA, batch.ViewB, batch.Attributes, _loss, chunk);
        }
        else
        {
            loss = _loss.call(_encoder.Project(batch.ViewA), _encoder.Project(batch.ViewB), batch.Attributes);
            loss.backward();
        }
        (double value, string? parameter) = NonFiniteGradient.Check(loss, _encoder);
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"The loss became {value} at epoch {epoch + 1}, step {step}; lower the learning rate or check the inputs.");
        if (parameter is not null)
            throw new InvalidOperationException($"The gradient of {parameter} holds NaN or infinity at epoch {epoch + 1}, step {step}, " +
                $"with a finite loss ({value:G6}); the step was not applied. Lower the learning rate or check the inputs and the loss; " +
                "the last epoch's checkpoint, if any, is intact.");
        if (_options.GradientClipNorm is { } clip)
            nn.utils.clip_grad_norm_(_encoder.parameters(), clip);
        _optimizer.step();
        return value;
    }

    /// <summary>The mean loss of the validation batches, in evaluation mode; training mode is restored even on failure.</summary>
    private async Task<double> ValidateAsync(IAsyncEnumerable<ContrastiveBatch> batches, int epoch, CancellationToken cancellationToken)
    {
        double lossSum = 0;
        int count = 0;
        _encoder.eval();
        try
        {
            await foreach (ContrastiveBatch batch in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                lossSum += ValidationLoss(batch);
                count++;
            }
        }
        finally
        {
            _encoder.train();
        }
        if (count == 0)
            throw new InvalidOperationException($"The validation of epoch {epoch + 1} produced no batch.");
        double mean = lossSum / count;
        if (!double.IsFinite(mean))
            throw new InvalidOperationException($"The validation loss of epoch {epoch + 1} became {mean}; check the validation inputs.");
        return mean;
    }

    // Synchronous, because no_grad and dispose scopes belong to the thread, and an await may resume on another.
    private double ValidationLoss(ContrastiveBatch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int chunk = _options.GradientCacheChunkSize ?? int.MaxValue;
        Tensor embeddedA = GradientCache.EmbedInChunks(_encoder, batch.ViewA, chunk);
        Tensor embeddedB = GradientCache.EmbedInChunks(_encoder, batch.ViewB, chunk);
        return _loss.call(embeddedA, embeddedB, batch.Attributes).to(ScalarType.Float64).item<double>();
    }

    private void SaveCheckpoint(int epoch) =>
        _checkpoints?.Save(new CheckpointState(epoch + 1, _epochLosses.ToArray(), _validationLosses.ToArray(), _globalStep), _encoder, _optimizer);

    /// <summary>Loads the latest checkpoint, if any, and returns the first epoch still to train.</summary>
    private int TryResume()
    {
        // A run starts its history afresh: from the checkpoint's, or from nothing.
        _epochLosses.Clear();
        _validationLosses.Clear();
        _globalStep = 0;
        CheckpointState? state = _checkpoints?.TryRestore(_encoder, _optimizer, _options.Epochs);
        if (state is null) return 0;
        _epochLosses.AddRange(state.EpochLosses);
        _validationLosses.AddRange(state.ValidationLosses);
        _globalStep = state.GlobalStep;
        return state.Epoch;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Epoch {Epoch}/{Epochs}: loss {Loss:F4}, learning rate {LearningRate:E2}, {Seconds:F1} s")]
    private static partial void LogEpoch(ILogger logger, int epoch, int epochs, double loss, double learningRate, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Epoch {Epoch}/{Epochs}: loss {Loss:F4}, validation loss {ValidationLoss:F4}, learning rate {LearningRate:E2}, {Seconds:F1} s")]
    private static partial void LogEpochWithValidation(ILogger logger, int epoch, int epochs, double loss, double validationLoss, double learningRate, double seconds);
}
