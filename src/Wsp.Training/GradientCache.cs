using Wsp.Core;
using Wsp.Losses;
using TorchSharp;

using static TorchSharp.torch;

namespace Wsp.Training;

/// <summary>
/// Gradient caching (Gao et al., "Scaling Deep Contrastive Learning Batch Size under Memory Limited Setup",
/// 2021): trains a contrastive batch of any size with the activation memory of one chunk. The encoder first
/// embeds the batch chunk by chunk without keeping activations; the loss and its gradient with respect to the
/// embeddings are computed on the whole batch; then each chunk is embedded again with activations and its
/// slice of that gradient is back-propagated. Parameter gradients equal those of the plain batch for encoders
/// whose forward is deterministic and per-sample (no dropout; batch normalisation normalises per chunk).
/// </summary>
public static class GradientCache
{
    /// <summary>
    /// Accumulates into the encoder's parameter gradients the gradient of the loss of the two views, and
    /// returns the (detached) loss. Call <c>optimizer.zero_grad()</c> before and <c>optimizer.step()</c> after.
    /// </summary>
    /// <param name="encoder">Maps images to embeddings; its buffers (batch-norm statistics) are updated once per chunk of the second pass only.</param>
    /// <param name="viewA">First view [N, ...].</param>
    /// <param name="viewB">Second view [N, ...].</param>
    /// <param name="attributes">Attributes of the N slices.</param>
    /// <param name="loss">The contrastive loss.</param>
    /// <param name="chunkSize">Images embedded at once.</param>
    public static Tensor Step(nn.Module<Tensor, Tensor> encoder, Tensor viewA, Tensor viewB, SliceAttributes? attributes,
        ContrastiveLoss loss, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(viewA);
        ArgumentNullException.ThrowIfNull(viewB);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        if (viewA.dim() < 1 || !viewA.shape.SequenceEqual(viewB.shape))
            throw new ArgumentException($"The views must have the same shape, but are [{string.Join(", ", viewA.shape)}] and [{string.Join(", ", viewB.shape)}].", nameof(viewB));

        using var scope = NewDisposeScope();
        // 1. Embeddings without activations; buffers restored so that running statistics move once.
        Tensor[] buffers = encoder.buffers().Select(b => b.detach().clone()).ToArray();
        Tensor embeddedA, embeddedB;
        using (no_grad())
        {
            embeddedA = EmbedInChunks(encoder, viewA, chunkSize);
            embeddedB = EmbedInChunks(encoder, viewB, chunkSize);
            foreach (var (buffer, saved) in encoder.buffers().Zip(buffers))
                buffer.copy_(saved);
        }

        // 2. The loss and its gradient with respect to the embeddings.
        Tensor leafA = embeddedA.requires_grad_();
        Tensor leafB = embeddedB.requires_grad_();
        Tensor value = loss.call(leafA, leafB, attributes);
        value.backward();
        Tensor gradientA = leafA.grad!;
        Tensor gradientB = leafB.grad!;

        // 3. Each chunk again, with activations, back-propagating its slice of the cached gradient.
        BackwardInChunks(encoder, viewA, gradientA, chunkSize);
        BackwardInChunks(encoder, viewB, gradientB, chunkSize);
        return value.detach().MoveToOuterDisposeScope();
    }

    /// <summary>Embeds the images chunk by chunk (also how the pretrainer bounds validation memory).</summary>
    internal static Tensor EmbedInChunks(nn.Module<Tensor, Tensor> encoder, Tensor images, int chunkSize)
    {
        long n = images.shape[0];
        if (chunkSize >= n)
            return encoder.call(images);
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += chunkSize)
            parts.Add(encoder.call(images.narrow(0, start, Math.Min(chunkSize, n - start))));
        return cat(parts);
    }

    private static void BackwardInChunks(nn.Module<Tensor, Tensor> encoder, Tensor images, Tensor gradient, int chunkSize)
    {
        long n = images.shape[0];
        for (long start = 0; start < n; start += chunkSize)
        {
            using var chunkScope = NewDisposeScope();
            long size = Math.Min(chunkSize, n - start);
            Tensor embedded = encoder.call(images.narrow(0, start, size));
            embedded.backward(new[] { gradient.narrow(0, start, size) });
        }
    }
}
