using Wsp.Core;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using Wsp.Training.Encoders;
using static TorchSharp.torch;
using Wsp.Core.IO;

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
    private const string LatestFile = "latest";
    private readonly SliceEncoder _encoder;
    private readonly nn.Module<Tensor, Tensor, SliceAttributes?, Tensor> _loss;
    private readonly PretrainingOptions _options;
    private readonly ILogger _logger;
    private readonly TorchSharp.Modules.OptimizerHelper _optimizer;
    private readonly List<double> _epochLosses = new();
    private readonly List<double> _validationLosses = new();
    private long _globalStep;

    /// <summary>Creates the trainer; the encoder's parameters are optimised in place on their device.</summary>
    /// <param name="encoder">The encoder (forward returns what the loss compares, usually projections).</param>
    /// <param name="loss">The contrastive loss.</param>
    /// <param name="options">Optimiser, schedule, checkpoints.</param>
    /// <param name="logger">Receives one line per epoch; none by default.</param>
    public ContrastivePretrainer(SliceEncoder encoder, nn.Module<Tensor, Tensor, SliceAttributes?, Tensor> loss, PretrainingOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(loss);
        _options = options?.Clone() ?? new PretrainingOptions();
        _options.Validate();
        _encoder = encoder;
        _loss = loss;
        _logger = logger ?? NullLogger.Instance;
        _optimizer = _options.Optimizer == OptimizerKind.AdamW
            ? optim.AdamW(encoder.parameters(), _options.LearningRate, weight_decay: _options.WeightDecay)
            : optim.Adam(encoder.parameters(), _options.LearningRate, weight_decay: _options.WeightDecay);
    }

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
            double learningRate = _options.LearningRateAt(epoch);
            foreach (var group in _optimizer.ParamGroups)
                group.LearningRate = learningRate;

            double lossSum = 0;
            int steps = 0;
            long slices = 0;
            var epochClock = Stopwatch.StartNew();
            await foreach (ContrastiveBatch batch in batchesForEpoch(epoch).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                double value = Step(batch);
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

    private double Step(ContrastiveBatch batch)
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
            loss = _loss.call(_encoder.call(batch.ViewA), _encoder.call(batch.ViewB), batch.Attributes);
            loss.backward();
        }
        double value = loss.to(ScalarType.Float64).item<double>();
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"The loss became {value}; lower the learning rate or check the inputs.");
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

    private void SaveCheckpoint(int epoch)
    {
        if (_options.CheckpointDirectory is not { } root) return;
        Directory.CreateDirectory(root);
        string name = "epoch-" + (epoch + 1).ToString("D4", CultureInfo.InvariantCulture);
        string folder = Path.Combine(root, name);
        string staging = folder + ".partial";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        _encoder.save(Path.Combine(staging, "model.bin"));
        _optimizer.save_state_dict(Path.Combine(staging, "optimizer.bin"));
        using (Tensor rng = random.get_rng_state())
            File.WriteAllBytes(Path.Combine(staging, "rng.bin"), rng.data<byte>().ToArray());
        var state = new CheckpointState(epoch + 1, _encoder.Architecture.ToString(), _epochLosses.ToArray(), _validationLosses.ToArray(), _globalStep);
        File.WriteAllText(Path.Combine(staging, "state.json"), JsonSerializer.Serialize(state));
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(staging, folder);

        // The pointer switches atomically; only then are older checkpoints removed.
        string pointer = Path.Combine(root, LatestFile);
        AtomicFile.WriteAllText(pointer, name);
        foreach (string old in Directory.GetDirectories(root, "epoch-*").Where(d => Path.GetFileName(d) != name))
            Directory.Delete(old, recursive: true);
    }

    /// <summary>Loads the latest checkpoint, if any, and returns the first epoch still to train.</summary>
    private int TryResume()
    {
        // A run starts its history afresh: from the checkpoint's, or from nothing.
        _epochLosses.Clear();
        _validationLosses.Clear();
        _globalStep = 0;
        if (_options.CheckpointDirectory is not { } root) return 0;
        string pointer = Path.Combine(root, LatestFile);
        if (!File.Exists(pointer)) return 0;
        string folder = Path.Combine(root, File.ReadAllText(pointer).Trim());
        try
        {
            var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(Path.Combine(folder, "state.json")))
                ?? throw new InvalidDataException("empty state.json");
            if (state.Architecture != _encoder.Architecture.ToString())
                throw new InvalidDataException($"it was saved from a {state.Architecture} encoder, and this encoder is a {_encoder.Architecture}");
            _encoder.load(Path.Combine(folder, "model.bin"));
            _optimizer.load_state_dict(Path.Combine(folder, "optimizer.bin"));
            using (Tensor rng = tensor(File.ReadAllBytes(Path.Combine(folder, "rng.bin")), ScalarType.Byte))
                random.set_rng_state(rng);
            _epochLosses.AddRange(state.EpochLosses);
            _validationLosses.AddRange(state.ValidationLosses ?? []);
            _globalStep = state.GlobalStep;
            LogResume(_logger, folder, state.Epoch);
            return state.Epoch;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or ArgumentException or System.Runtime.InteropServices.ExternalException)
        {
            throw new InvalidDataException($"Cannot resume from checkpoint {folder}: {e.Message}", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Epoch {Epoch}/{Epochs}: loss {Loss:F4}, learning rate {LearningRate:E2}, {Seconds:F1} s")]
    private static partial void LogEpoch(ILogger logger, int epoch, int epochs, double loss, double learningRate, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Epoch {Epoch}/{Epochs}: loss {Loss:F4}, validation loss {ValidationLoss:F4}, learning rate {LearningRate:E2}, {Seconds:F1} s")]
    private static partial void LogEpochWithValidation(ILogger logger, int epoch, int epochs, double loss, double validationLoss, double learningRate, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming from {Folder} after epoch {Epoch}")]
    private static partial void LogResume(ILogger logger, string folder, int epoch);

    // ValidationLosses and GlobalStep are absent from checkpoints written before they existed.
    private sealed record CheckpointState(int Epoch, string Architecture, double[] EpochLosses, double[]? ValidationLosses = null, long GlobalStep = 0);
}
