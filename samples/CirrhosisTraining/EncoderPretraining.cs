using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Training;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Samples.CirrhosisTraining;

/// <summary>
/// Pretrains one encoder per method on the weakly labelled cohort: batches of distinct patients drawn
/// class-balanced by weak label, one slice each, two augmented views, Adam with a cosine schedule; every
/// method starts from the same initial weights, so the methods differ only by their loss.
/// </summary>
public sealed class EncoderPretraining
{
    private readonly SampleOptions _options;
    private readonly Device _device;
    private readonly ILogger? _logger;

    /// <summary>Creates the pretraining stage.</summary>
    /// <param name="options">The sample's settings.</param>
    /// <param name="device">Device of the encoders and batches.</param>
    /// <param name="logger">Receives a line per epoch, if given.</param>
    public EncoderPretraining(SampleOptions options, Device device, ILogger? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _logger = logger;
    }

    /// <summary>Pretrains with <paramref name="method"/> (nothing for <see cref="PretrainingMethod.None"/>).</summary>
    /// <param name="method">The method.</param>
    /// <param name="weak">The weakly labelled cohort; may be null only for <see cref="PretrainingMethod.None"/>.</param>
    /// <param name="validation">Slices whose loss is reported each epoch (the histology patients).</param>
    /// <param name="progress">Receives every step.</param>
    /// <param name="cancellationToken">Stops between steps; the last epoch's checkpoint remains and a rerun resumes from it.</param>
    public async Task<PretrainedEncoder> RunAsync(PretrainingMethod method, SliceCohort? weak, SliceCohort validation,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var clock = Stopwatch.StartNew();
        SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { Architecture = _options.Encoder }, _options.Seed, _device);
        using var loss = method.CreateLoss(_options.Sigma);
        if (loss is null)
            return new PretrainedEncoder(method, encoder, [], [], clock.Elapsed);
        if (weak is null)
            throw new ArgumentNullException(nameof(weak), $"{method.DisplayName()} pretrains on a weakly labelled cohort.");

        var training = new ContrastiveBatchStream(weak.Loader,
            new PatientBatchSampler(weak.Loader.WeakLabels, weak.SliceCounts, _options.BatchSize, _options.Seed), _device, _options.Seed);
        var held = new ContrastiveBatchStream(validation.Loader,
            new PatientBatchSampler(validation.Loader.WeakLabels, validation.SliceCounts, Math.Min(_options.BatchSize, validation.Count), _options.Seed),
            _device, _options.Seed);
        var pretrainingOptions = new PretrainingOptions
        {
            Epochs = _options.Epochs,
            LearningRate = _options.LearningRate,
            WeightDecay = 1e-5,
            CheckpointDirectory = Path.Combine(_options.OutputDirectory, "checkpoints", method.ToString()),
            TensorBoardDirectory = Path.Combine(_options.OutputDirectory, "tensorboard", method.ToString()),
            RunSettings = _options.DataSettings(),
        };
        using var trainer = new ContrastivePretrainer(encoder, loss, pretrainingOptions, _logger);
        string stage = "Pretraining " + method.DisplayName();
        var stepProgress = new SynchronousProgress<TrainingProgress>(p => progress?.Report(new StageProgress(stage,
            (p.Epoch - 1 + (double)p.Step / training.BatchesPerEpoch) / p.Epochs,
            string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs}, loss {p.Loss:F3}, {p.SlicesPerSecond:F0} slices/s"))));
        IReadOnlyList<double> losses = await trainer.TrainAsync(
            epoch => training.Epoch(epoch, cancellationToken), _ => held.Validation(cancellationToken),
            stepProgress, cancellationToken).ConfigureAwait(false);
        progress?.Report(new StageProgress(stage, 1, string.Create(CultureInfo.InvariantCulture, $"final loss {losses[^1]:F3}")));
        return new PretrainedEncoder(method, encoder, losses.ToArray(), trainer.ValidationLosses.ToArray(), clock.Elapsed);
    }
}
