using System.Runtime.CompilerServices;
using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Losses;
using Wsp.Training;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Samples.PremiseCheck;

/// <summary>
/// SupCon pretrained as the main job pretrains it (same encoder, sampler, augmentations, optimizer and schedule), on the
/// phantom and on a control problem where the grade is plainly visible: every slice of grade g brightened by
/// g x <see cref="BrightnessStep"/> in both views. If the loss does not fall well below log(2N - 1) on the control,
/// the loss, the sampler or the pipeline is at fault, not the phantom.
/// </summary>
public sealed class SupConControl
{
    /// <summary>The control's brightness offset per grade, in the window's units (the soft-tissue window maps to 0..1).</summary>
    public const double BrightnessStep = 0.3;

    private readonly SliceCohort _patients;
    private readonly Device _device;
    private readonly int _seed;

    /// <summary>Creates the experiment and reads the patients' slices.</summary>
    /// <param name="cohort">The patients (all weakly labelled ones, as the main job pretrains on).</param>
    /// <param name="device">Where to train.</param>
    /// <param name="seed">Seed of the weights, sampler and augmentations.</param>
    public SupConControl(PremiseCohort cohort, Device device, int seed)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        _patients = cohort.Open(cohort.All);
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _seed = seed;
    }

    /// <summary>Pretrains SupCon and returns its epoch losses.</summary>
    /// <param name="visibleGrade">Whether to brighten each slice by its grade (the control) or leave the phantom as it is.</param>
    /// <param name="epochs">Epochs (the main job: 80).</param>
    /// <param name="batchSize">Patients per batch (the main job: 64).</param>
    /// <param name="learningRate">Peak learning rate of the cosine schedule (the main job: 3e-4).</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public async Task<SupConControlResult> RunAsync(bool visibleGrade, int epochs, int batchSize, double learningRate, CancellationToken cancellationToken = default)
    {
        var sampler = new PatientBatchSampler(_patients.Loader.WeakLabels, _patients.SliceCounts, batchSize, _seed);
        var stream = new ContrastiveBatchStream(_patients.Loader, sampler, _device, _seed);
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions(), _seed, _device);
        using var loss = new SupConLoss();
        using var trainer = new ContrastivePretrainer(encoder, loss, new PretrainingOptions { Epochs = epochs, LearningRate = learningRate, WeightDecay = 1e-5 });
        IReadOnlyList<double> losses = await trainer.TrainAsync(
            epoch => visibleGrade ? Brightened(stream.Epoch(epoch, cancellationToken)) : stream.Epoch(epoch, cancellationToken),
            progress: null, cancellationToken).ConfigureAwait(false);
        return new SupConControlResult(visibleGrade ? $"grade visible (+{BrightnessStep} brightness per grade)" : "phantom", batchSize, losses.ToArray());
    }

    private static async IAsyncEnumerable<ContrastiveBatch> Brightened(IAsyncEnumerable<ContrastiveBatch> batches)
    {
        await foreach (ContrastiveBatch batch in batches.ConfigureAwait(false))
        {
            using Tensor offset = (batch.Attributes!.WeakLabels!.to(batch.ViewA.dtype) * BrightnessStep).view(-1, 1, 1, 1);
            using Tensor viewA = batch.ViewA + offset;
            using Tensor viewB = batch.ViewB + offset;
            yield return batch with { ViewA = viewA, ViewB = viewB };
        }
    }
}
