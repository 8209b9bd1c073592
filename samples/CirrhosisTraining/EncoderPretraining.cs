using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using TorchSharp;
using Wsp.Training.Encoders;
using Wsp.Training;
using Wsp.Data.Augmentation;
using Wsp.Data.Loading;
using Wsp.Data.Sampling;
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

    /// <summary>A freshly initialised encoder, identical for every call with the same seed.</summary>
    public SliceEncoder CreateEncoder()
    {
        manual_seed(_options.Seed);
        SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { Architecture = _options.Encoder });
        encoder.to(_device);
        return encoder;
    }

    /// <summary>Pretrains with <paramref name="method"/> (nothing for <see cref="PretrainingMethod.None"/>).</summary>
    /// <param name="method">The method.</param>
    /// <param name="weak">The weakly labelled cohort; may be null only for <see cref="PretrainingMethod.None"/>.</param>
    /// <param name="validation">Slices whose loss is reported each epoch (the histology patients).</param>
    /// <param name="progress">Receives every step.</param>
    /// <param name="cancellationToken">Stops between steps; the last epoch's checkpoint remains and a rerun resumes from it.</param>
    public async Task<PretrainedEncoder> RunAsync(PretrainingMethod method, SliceSet? weak, SliceSet validation,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var clock = Stopwatch.StartNew();
        using var loss = method.CreateLoss(_options.Sigma);
        if (loss is null)
            return new PretrainedEncoder(method, CreateEncoder(), Array.Empty<double>(), Array.Empty<double>(), clock.Elapsed);
        if (weak is null)
            throw new ArgumentNullException(nameof(weak), $"{method.DisplayName()} pretrains on a weakly labelled cohort.");
        SliceEncoder encoder = CreateEncoder();

        var sampler = new PatientBatchSampler(weak.Loader.WeakLabels, weak.SliceCounts, _options.BatchSize, _options.Seed);
        string stage = "Pretraining " + method.DisplayName();
        var pretrainingOptions = new PretrainingOptions
        {
            Epochs = _options.Epochs,
            LearningRate = _options.LearningRate,
            WeightDecay = 1e-5,
            CheckpointDirectory = Path.Combine(_options.OutputDirectory, "checkpoints", $"{method}-{RunKey()}"),
            TensorBoardDirectory = Path.Combine(_options.OutputDirectory, "tensorboard", method.ToString()),
        };
        using var trainer = new ContrastivePretrainer(encoder, loss, pretrainingOptions, _logger);
        var stepProgress = new SynchronousProgress<TrainingProgress>(p => progress?.Report(new StageProgress(stage,
            (p.Epoch - 1 + (double)p.Step / sampler.BatchesPerEpoch) / p.Epochs,
            string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.Epochs}, loss {p.Loss:F3}, {p.SlicesPerSecond:F0} slices/s"))));
        // The same validation batches and views every epoch, so the curve shows the encoder changing, not the draw.
        var validationSampler = new PatientBatchSampler(validation.Loader.WeakLabels, validation.SliceCounts,
            Math.Min(_options.BatchSize, validation.Count), _options.Seed);
        IReadOnlyList<double> losses = await trainer.TrainAsync(
            epoch => Batches(weak, sampler.Epoch(epoch), epoch, cancellationToken),
            _ => Batches(validation, validationSampler.Epoch(0), -1, cancellationToken),
            stepProgress, cancellationToken).ConfigureAwait(false);
        progress?.Report(new StageProgress(stage, 1, string.Create(CultureInfo.InvariantCulture, $"final loss {losses[^1]:F3}")));
        return new PretrainedEncoder(method, encoder, losses.ToArray(), trainer.ValidationLosses.ToArray(), clock.Elapsed);
    }

    // Augmentations are seeded per epoch, so a resumed run sees the same views as an uninterrupted one.
    private async IAsyncEnumerable<ContrastiveBatch> Batches(SliceSet set, IEnumerable<SliceReference[]> references, int epoch,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var augmenter = new SliceAugmenter(seed: unchecked(_options.Seed * 100_003 + epoch));
        await foreach (SliceBatch batch in set.Loader.ReadAsync(references, cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            using (Tensor images = batch.Images.to(_device))
            {
                var (viewA, viewB) = augmenter.TwoViews(images);
                using (viewA)
                using (viewB)
                    yield return new ContrastiveBatch(viewA, viewB, batch.ToAttributes(_device));
            }
        }
    }

    // Checkpoints are kept per method and per setting, so a rerun with other settings never resumes a foreign run.
    private string RunKey() => string.Create(CultureInfo.InvariantCulture,
        $"s{_options.Seed}-{_options.Encoder}-{_options.EffectiveSize}px-e{_options.Epochs}-b{_options.BatchSize}-lr{_options.LearningRate:G3}-sigma{_options.Sigma:G3}-{(_options.UsesRealData ? "real" : $"synthetic{_options.WeakPatients}+{_options.HistologyPatients}")}");
}
