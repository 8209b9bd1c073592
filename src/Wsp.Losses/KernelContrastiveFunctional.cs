using TorchSharp;
using Wsp.Core;
using Wsp.Core.Kernels;
using static TorchSharp.torch;

namespace Wsp.Losses;

/// <summary>
/// The kernel contrastive loss as a pure function over tensors: the computation behind every loss of
/// this package. Prefer the modules (<see cref="WeaklySupervisedPositionalLoss"/> and its family),
/// which validate their options once.
/// </summary>
/// <remarks>
/// With z = [normalize(viewA); normalize(viewB)] (2N rows), s_tj = z_t . z_j / tau,
/// log p_tj = s_tj - log sum_{k != t} exp(s_tk) and W_tj = K(a_t, a_j) for j != t:
/// L = -scale * sum_t sum_{j != t} What_tj log p_tj.
/// <para>
/// The loss is computed in blocks of anchor rows on the embeddings' device with no host
/// synchronisation, in float32 (float64 stays float64). Its gradient is formed in the same pass,
/// dL/ds_tj = scale * (sum_k What_tk * p_tj - What_tj), so no [2N, 2N] intermediate is kept for
/// backward; the returned scalar carries that gradient to the embeddings through autograd.
/// Second derivatives are not available.
/// </para>
/// </remarks>
public static class KernelContrastiveFunctional
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

    /// <summary>Computes the loss and the per-anchor terms.</summary>
    /// <param name="viewA">Embeddings of the first augmented view, [N, D].</param>
    /// <param name="viewB">Embeddings of the second augmented view, [N, D]; row i is the same slice as row i of <paramref name="viewA"/>.</param>
    /// <param name="attributes">The N slices' attributes, on the embeddings' device; null when the kernel reads only the sample index (NT-Xent).</param>
    /// <param name="kernel">The pair-weight kernel.</param>
    /// <param name="options">Temperature, normalisation, chunking and value checks.</param>
    /// <param name="referenceScaling">The scale used under <see cref="ContrastiveNormalization.Reference"/>.</param>
    /// <exception cref="ArgumentException">Shapes, dtypes, devices or attributes do not fit; the message names them.</exception>
    public static ContrastiveLossOutput Compute(
        Tensor viewA,
        Tensor viewB,
        SliceAttributes? attributes,
        IKernel kernel,
        ContrastiveLossOptions options,
        ReferenceScaling referenceScaling = ReferenceScaling.PerSlice)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ContrastiveInputs.Check(viewA, viewB, attributes, kernel);
        using var scope = NewDisposeScope();
        attributes ??= SliceAttributes.OfCount(viewA.shape[0], viewA.device);
        if (options.ValidateAttributeValues)
            attributes.ValidateValues();

        long n = viewA.shape[0];
        long rows = 2 * n;
        ScalarType type = viewA.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;

        Tensor z = nn.functional.normalize(cat(new[] { viewA, viewB }).to(type), p: 2, dim: 1);
        Tensor zDetached = z.detach();
        Tensor scaled = zDetached.mul(1.0 / options.Temperature);
        // Both views of a slice have its attributes, so the [2N, 2N] weights are the [N, N] kernel matrix K
        // repeated in both column halves, with the self pair (t, t) masked; and anchors t and t + N have the same
        // row of K. So K is evaluated once per block of slices, against the N slices only (a quarter of the work),
        // and serves the blocks of both views' anchors, broadcast over both halves of their logits.
        bool withGradient = is_grad_enabled() && z.requires_grad;
        Tensor? gradient = withGradient ? zeros_like(scaled) : null;
        Tensor perAnchor = empty(rows, type, device: z.device);

        long chunk = options.RowChunkSize ?? Math.Max(1, AutoChunkEntries / rows);
        chunk = Math.Min(chunk, n);
        // Floored once here, not per block: divisors of the authors' normalisation (equal for both views).
        Tensor? columnTotals = options.Normalization == ContrastiveNormalization.Reference
            ? WeightRowTotals(kernel, attributes, chunk, type).clamp_min_(WeightFloor).unsqueeze(0)
            : null;

        // Cosine similarities lie in [-1, 1], so exp(s) cannot overflow or vanish when 1/tau is moderate:
        // then the log-sum-exp needs no running maximum (one pass less over every block).
        bool shiftByMaximum = 1.0 / options.Temperature > (type == ScalarType.Float64 ? MaxUnshiftedLogitFloat64 : MaxUnshiftedLogitFloat32);
        // One logits buffer for every block and call (it becomes the unnormalised softmax in place).
        Tensor logitsBuffer = BlockWorkspace.Rent(chunk, rows, type, z.device);
        Tensor scaledTransposed = scaled.t();
        for (long first = 0; first < n; first += chunk)
        {
            using var slicesScope = NewDisposeScope();
            long size = Math.Min(chunk, n - first);
            (Tensor weights, Tensor weightSum) = HalfWeights(kernel, attributes.Narrow(first, size), attributes, first, type, columnTotals);

            // What = W * rowScale (per anchor: 1 / sum_k W_tk) or W / columnTotals (the authors' code, already divided).
            Tensor? rowScale = null;
            Tensor mass;
            if (columnTotals is null)
            {
                rowScale = weightSum.clamp_min(WeightFloor).reciprocal_();
                mass = weightSum.gt(0).to(type);
            }
            else
            {
                mass = weightSum;
            }
            for (long view = 0; view < 2; view++)
            {
                using var blockScope = NewDisposeScope();
                long start = view * n + first;
                Tensor anchors = zDetached.narrow(0, start, size);
                Tensor anchorsScaled = scaled.narrow(0, start, size);
                // Logits of this block of anchors against all 2N embeddings; entry (r, start + r) is the anchor itself.
                // beta = 0: the buffer's previous content is ignored, not multiplied.
                Tensor logits = logitsBuffer.narrow(0, 0, size).addmm_(anchors, scaledTransposed, 0, 1);
                // sum_j W_tj s_tj: each half of the block against K, a batched product that reads the block once. The self
                // entry is zeroed first (W masks it); the sum comes from the same logits as the normaliser, so that their
                // rounding cancels in a near-zero loss.
                logits.diagonal(start, 0, 1).fill_(0);
                Tensor weightedLogits = logits.view(size, 2, n).bmm(weights.unsqueeze(2)).sum(1);
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
                    // dl_t/ds_tj = rowScale_t (weightSum_t p_tj - W_tj) = probabilityScale_t (exp_tj - W_tj expSum_t / weightSum_t),
                    // with p = exp / expSum. The difference is formed entry by entry (a near-zero gradient keeps its digits);
                    // the row factor goes onto the [block, D] side of the products. W is zero wherever weightSum is.
                    Tensor probabilityScale = weightSum / expSum;
                    if (rowScale is not null)
                        probabilityScale.mul_(rowScale);
                    Tensor h = exp.view(size, 2, n).sub_((weights * (expSum / weightSum.clamp_min(WeightFloor))).unsqueeze(1)).view(size, rows);
                    h.diagonal(start, 0, 1).fill_(0); // the self pair has neither probability nor weight
                    gradient.narrow(0, start, size).add_(h.mm(scaled).mul_(probabilityScale));
                    gradient.addmm_(h.t(), anchorsScaled * probabilityScale, 1, 1);
                }
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

    /// <summary>
    /// K(slices first.., all N slices) as [size, N] (divided by the column totals when given), and sum_{j != t} W_tj as
    /// [size, 1], the same for both views' anchors. Row r's column first + r holds both its self pair, which W masks,
    /// and the pair with its other view.
    /// </summary>
    private static (Tensor Weights, Tensor WeightSum) HalfWeights(IKernel kernel, SliceAttributes rows, SliceAttributes columns, long first, ScalarType type, Tensor? columnTotals = null)
    {
        Tensor weights = kernel.Evaluate(rows, columns).to(type);
        if (columnTotals is not null)
            weights.div_(columnTotals);
        Tensor selfColumns = arange(first, first + rows.Count, dtype: ScalarType.Int64, device: weights.device).unsqueeze(1);
        Tensor self = weights.gather(1, selfColumns);
        // 2 sum_{j != self} K + K_self, not 2 sum K - K_self: small weights next to a self weight of 1 keep their digits.
        Tensor others = weights.scatter_(1, selfColumns, zeros_like(self)).sum(1, keepdim: true);
        weights.scatter_(1, selfColumns, self);
        return (weights, others.mul_(2).add_(self));
    }

    /// <summary>sum_{k != t} W_tk for the N slices (the same for both views), computed block by block.</summary>
    private static Tensor WeightRowTotals(IKernel kernel, SliceAttributes attributes, long chunk, ScalarType type)
    {
        long n = attributes.Count;
        Tensor totals = empty(n, type, device: attributes.Device);
        for (long start = 0; start < n; start += chunk)
        {
            using var blockScope = NewDisposeScope();
            long size = Math.Min(chunk, n - start);
            totals.narrow(0, start, size).copy_(HalfWeights(kernel, attributes.Narrow(start, size), attributes, start, type).WeightSum.squeeze(1));
        }
        return totals;
    }
}
