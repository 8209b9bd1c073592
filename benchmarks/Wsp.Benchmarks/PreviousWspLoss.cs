using TorchSharp;
using Wsp.Core;
using Wsp.Core.Kernels;
using Wsp.Losses;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// The loss as it was before issue 13 (commit 8bd4e24), kept for side-by-side timing in <see cref="LossCurve"/>:
/// the kernel over [block, 2N], and the gradient formed in the block before its two products.
/// </summary>
internal static class PreviousWspLoss
{
    // Pair entries (anchors x 2N) per block when the caller does not choose: 4 MB in float32, so that a
    // block stays in cache and its buffers are recycled by the native allocator rather than page-faulted.
    private const long AutoChunkEntries = 1L << 20;

    // Guards a division by an all-zero weight row without a large constant; normal in float32.
    private const double WeightFloor = 1e-30;

    // Largest 1/tau for which exp(s), s in [-1/tau, 1/tau], and its sum over 2N terms stay finite and
    // normal without subtracting the row maximum (float32: e^30 * 2N << 3e38, e^-30 >> 1e-38).
    private const double MaxUnshiftedLogitFloat32 = 30;
    private const double MaxUnshiftedLogitFloat64 = 300;

    public static ContrastiveLossOutput Compute(
        Tensor viewA,
        Tensor viewB,
        SliceAttributes? attributes,
        IKernel kernel,
        ContrastiveLossOptions options,
        ReferenceScaling referenceScaling = ReferenceScaling.PerSlice)
    {
        using var scope = NewDisposeScope();
        attributes ??= SliceAttributes.OfCount(viewA.shape[0], viewA.device);
        if (options.ValidateAttributeValues)
            attributes.ValidateValues();

        long n = viewA.shape[0];
        long rows = 2 * n;
        ScalarType type = viewA.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;

        Tensor z = nn.functional.normalize(cat(new[] { viewA, viewB }).to(type), p: 2, dim: 1);
        Tensor scaled = z.detach().mul(1.0 / options.Temperature);
        SliceAttributes views = attributes.ForTwoViews();
        bool withGradient = is_grad_enabled() && z.requires_grad;
        Tensor? gradient = withGradient ? zeros_like(scaled) : null;
        Tensor perAnchor = empty(rows, type, device: z.device);

        long chunk = options.RowChunkSize ?? Math.Max(1, AutoChunkEntries / rows);
        chunk = Math.Min(chunk, rows);
        // Floored once here, not per block: divisors of the authors' normalisation.
        Tensor? columnTotals = options.Normalization == ContrastiveNormalization.Reference
            ? WeightRowTotals(kernel, views, chunk, type).clamp_min_(WeightFloor).unsqueeze(0)
            : null;

        // Cosine similarities lie in [-1, 1], so exp(s) cannot overflow or vanish when 1/tau is moderate:
        // then the log-sum-exp needs no running maximum (one pass less over every block).
        bool shiftByMaximum = 1.0 / options.Temperature > (type == ScalarType.Float64 ? MaxUnshiftedLogitFloat64 : MaxUnshiftedLogitFloat32);
        // One logits buffer for every block (it becomes the softmax, then the gradient, in place).
        Tensor logitsBuffer = empty(chunk, rows, type, device: z.device);
        Tensor zDetached = z.detach(), scaledTransposed = scaled.t();
        for (long start = 0; start < rows; start += chunk)
        {
            using var blockScope = NewDisposeScope();
            long size = Math.Min(chunk, rows - start);
            Tensor anchors = zDetached.narrow(0, start, size);
            // Logits of this block of anchors against all 2N embeddings; entry (r, start + r) is the anchor itself.
            // beta = 0: the buffer's previous content is ignored, not multiplied.
            Tensor logits = logitsBuffer.narrow(0, 0, size).addmm_(anchors, scaledTransposed, 0, 1);
            Tensor weights = MaskedWeights(kernel, views, start, size, type);

            // What = W * rowScale (per anchor: 1 / sum_k W_tk) or W / columnTotals (the authors' code).
            // Per-anchor scaling is applied to [block, 1] and [block, D] tensors, never to the block itself.
            Tensor? rowScale = null;
            Tensor mass, weightSum;
            if (columnTotals is null)
            {
                weightSum = weights.sum(1, keepdim: true);
                rowScale = weightSum.clamp_min(WeightFloor).reciprocal_();
                mass = weightSum.gt(0).to(type);
            }
            else
            {
                weights.div_(columnTotals);
                weightSum = mass = weights.sum(1, keepdim: true);
            }
            // sum_j W_tj s_tj as a batched dot product: reads both blocks once, writes nothing large.
            Tensor weightedLogits = weights.unsqueeze(1).bmm(logits.unsqueeze(2)).view(size, 1);
            if (rowScale is not null)
                weightedLogits.mul_(rowScale);

            logits.diagonal(start, 0, 1).fill_(double.NegativeInfinity);
            Tensor? maximum = shiftByMaximum ? logits.amax(new long[] { 1 }, keepdim: true) : null;
            Tensor exp = (maximum is null ? logits : logits.sub_(maximum)).exp_();
            Tensor expSum = exp.sum(1, keepdim: true);
            Tensor logNormaliser = maximum is null ? expSum.log() : expSum.log().add_(maximum);
            // l_t = sum_j What_tj (log Z_t - s_tj)
            perAnchor.narrow(0, start, size).copy_((mass * logNormaliser - weightedLogits).squeeze(1));

            if (gradient is not null)
            {
                // dl_t/ds_tj = mass_t p_tj - What_tj = rowScale_t * H_tj with H = weightSum_t p_tj - W'_tj,
                // W' being the weights as normalised in place (per anchor: the raw weights).
                Tensor h = exp.mul_(weightSum / expSum).sub_(weights);
                Tensor rowsGradient = h.mm(scaled);
                Tensor anchorsScaled = scaled.narrow(0, start, size);
                if (rowScale is not null)
                {
                    rowsGradient.mul_(rowScale);
                    anchorsScaled = anchorsScaled * rowScale;
                }
                gradient.narrow(0, start, size).add_(rowsGradient);
                gradient.addmm_(h.t(), anchorsScaled, 1, 1);
            }
        }

        double scale = options.Normalization == ContrastiveNormalization.PerAnchor || referenceScaling == ReferenceScaling.PerAnchor
            ? 1.0 / rows
            : 1.0 / n;
        Tensor loss = perAnchor.sum().mul_(scale);
        if (gradient is not null)
        {
            // A zero-valued term whose gradient with respect to z is the one computed above.
            Tensor surrogate = (z * gradient.mul_(scale)).sum();
            loss = loss + (surrogate - surrogate.detach());
        }
        return new ContrastiveLossOutput(loss.MoveToOuterDisposeScope(), perAnchor.MoveToOuterDisposeScope());
    }

    private static Tensor MaskedWeights(IKernel kernel, SliceAttributes views, long start, long size, ScalarType type)
    {
        Tensor weights = kernel.Evaluate(views.Narrow(start, size), views).to(type);
        weights.diagonal(start, 0, 1).fill_(0);
        return weights;
    }

    /// <summary>sum_k W_tk for every row t (self-pair excluded), computed block by block.</summary>
    private static Tensor WeightRowTotals(IKernel kernel, SliceAttributes views, long chunk, ScalarType type)
    {
        long rows = views.Count;
        Tensor totals = empty(rows, type, device: views.Device);
        for (long start = 0; start < rows; start += chunk)
        {
            using var blockScope = NewDisposeScope();
            long size = Math.Min(chunk, rows - start);
            totals.narrow(0, start, size).copy_(MaskedWeights(kernel, views, start, size, type).sum(1));
        }
        return totals;
    }
}
