using System.Runtime.CompilerServices;
using Wsp.Data.Augmentation;
using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using static TorchSharp.torch;

namespace Wsp.Training;

/// <summary>
/// The batches of contrastive pretraining: a <see cref="PatientBatchSampler"/>'s slices read by a
/// <see cref="SliceLoader"/>, moved to a device and augmented twice by a <see cref="SliceAugmenter"/> seeded per epoch,
/// with the slices' weak labels and positions as attributes. Epoch e is the same in every run with the same seed,
/// which is what lets <see cref="ContrastivePretrainer"/> resume exactly.
/// </summary>
/// <remarks>
/// Each yielded batch and its tensors are disposed when the next one is requested: consume a batch before moving on
/// (as <see cref="ContrastivePretrainer"/> does). Slices of unknown weak label (-1) keep that value; the kernels pair
/// them with nothing, so they never become positives.
/// </remarks>
public sealed class ContrastiveBatchStream
{
    private readonly SliceLoader _loader;
    private readonly PatientBatchSampler _sampler;
    private readonly Device _device;
    private readonly int _seed;
    private readonly SliceAugmentationOptions? _augmentation;

    /// <summary>Creates the stream.</summary>
    /// <param name="loader">Reads the slices.</param>
    /// <param name="sampler">Draws each epoch's batches of patients.</param>
    /// <param name="device">Where the views and attributes go (the encoder's device).</param>
    /// <param name="seed">Seed of the augmentations (epoch e uses <c>seed x 100003 + e</c>).</param>
    /// <param name="augmentation">The augmentations; the authors' defaults when null.</param>
    public ContrastiveBatchStream(SliceLoader loader, PatientBatchSampler sampler, Device device, int seed, SliceAugmentationOptions? augmentation = null)
    {
        _loader = loader ?? throw new ArgumentNullException(nameof(loader));
        _sampler = sampler ?? throw new ArgumentNullException(nameof(sampler));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _seed = seed;
        _augmentation = augmentation;
    }

    /// <summary>Batches per epoch.</summary>
    public int BatchesPerEpoch => _sampler.BatchesPerEpoch;

    /// <summary>The batches of training epoch <paramref name="epoch"/> (0-based).</summary>
    /// <param name="epoch">The epoch.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public IAsyncEnumerable<ContrastiveBatch> Epoch(int epoch, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        return Read(_sampler.Epoch(epoch), epoch, cancellationToken);
    }

    /// <summary>
    /// Validation batches: the sampler's epoch 0 with the augmentations of "epoch -1", the same batches and views on
    /// every call, so that a validation curve shows the encoder changing, not the draw.
    /// </summary>
    /// <param name="cancellationToken">Stops reading.</param>
    public IAsyncEnumerable<ContrastiveBatch> Validation(CancellationToken cancellationToken = default) =>
        Read(_sampler.Epoch(0), -1, cancellationToken);

    private async IAsyncEnumerable<ContrastiveBatch> Read(IEnumerable<SliceReference[]> references, int augmentationEpoch,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var augmenter = new SliceAugmenter(_augmentation, seed: unchecked(_seed * 100_003 + augmentationEpoch));
        await foreach (SliceBatch batch in _loader.ReadAsync(references, cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            {
                var (viewA, viewB) = augmenter.TwoViews(batch.ImagesOn(_device));
                using (viewA)
                using (viewB)
                    yield return new ContrastiveBatch(viewA, viewB, batch.ToAttributes(_device));
            }
        }
    }
}
