using System.Globalization;
using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Losses;
using Wsp.Training;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Cli;

/// <summary>
/// One method's pretraining as <c>wsp pretrain</c> and <c>wsp compare</c> run it: batches of distinct subjects, one
/// slice each, class-balanced by weak label, two augmented views; Adam with a cosine schedule and weight decay 1e-5;
/// a checkpoint after every epoch in <c>checkpoints/</c> (a rerun resumes) and TensorBoard logs in <c>tensorboard/</c>.
/// </summary>
internal sealed record MethodPretraining(EncoderArchitecture Architecture, int Epochs, int BatchSize, double LearningRate, int Seed, Device Device)
{
    /// <summary>Creates the seeded encoder and pretrains it with <paramref name="loss"/> on <paramref name="cohort"/>.</summary>
    /// <param name="output">Receives the progress.</param>
    /// <param name="title">The progress bar's title.</param>
    /// <param name="cohort">The pretraining subjects' slices.</param>
    /// <param name="loss">The method's loss.</param>
    /// <param name="folder">Where the checkpoints and TensorBoard logs go.</param>
    /// <param name="settings">What a checkpoint must share to be resumed, besides the trainer's own settings.</param>
    /// <param name="cancellationToken">Stops between steps; the last finished epoch stays checkpointed.</param>
    /// <returns>The encoder (the caller disposes it), the trainer's settings and the epoch losses.</returns>
    public async Task<(SliceEncoder Encoder, IReadOnlyDictionary<string, string> Settings, IReadOnlyList<double> Losses)> RunAsync(TextWriter output, string title,
        SliceCohort cohort, ContrastiveLoss loss, string folder, IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { Architecture = Architecture }, Seed, Device);
        try
        {
            var stream = new ContrastiveBatchStream(cohort.Loader, new PatientBatchSampler(cohort.Loader.WeakLabels, cohort.SliceCounts, BatchSize, Seed), Device, Seed);
            var options = new PretrainingOptions
            {
                Epochs = Epochs,
                LearningRate = LearningRate,
                WeightDecay = 1e-5,
                CheckpointDirectory = Path.Combine(folder, "checkpoints"),
                TensorBoardDirectory = Path.Combine(folder, "tensorboard"),
                RunSettings = new Dictionary<string, string>(settings)
                {
                    ["batch"] = BatchSize.ToString(CultureInfo.InvariantCulture),
                    ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
                },
            };
            using var trainer = new ContrastivePretrainer(encoder, loss, options);
            IReadOnlyList<double> losses = await TrainingReporter.RunAsync(output, title, Epochs,
                progress => trainer.TrainAsync(epoch => stream.Epoch(epoch, cancellationToken), progress, cancellationToken)).ConfigureAwait(false);
            var recorded = new Dictionary<string, string>(trainer.Settings.Values) { ["epochs"] = Epochs.ToString(CultureInfo.InvariantCulture) };
            return (encoder, recorded, losses);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }
}
