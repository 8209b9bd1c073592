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
    // Pair entries (anchors x 2N) per block when the caller does not choose: a few tens of MB in float32.
    private const long AutoChunkEntries = 1L << 22;

    // Guards a division by an all-zero weight row without a large constant; normal in float32.
    private const double WeightFloor = 1e-30;

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
        Tensor scaled = z.detach().mul(1.0 / options.Temperature);
        SliceAttributes views = attributes.ForTwoViews();
        bool withGradient = is_grad_enabled() && z.requires_grad;
        Tensor? gradient = withGradient ? zeros_like(scaled) : null;
        Tensor perAnchor = empty(rows, type, device: z.device);

        long chunk = options.RowChunkSize ?? Math.Max(1, AutoChunkEntries / rows);
        chunk = Math.Min(chunk, rows);
        Tensor? columnTotals = options.Normalization == ContrastiveNormalization.Reference
            ? WeightRowTotals(kernel, views, chunk, type)
            : null;

        for (long start = 0; start < rows; start += chunk)
        {
            using var blockScope = NewDisposeScope();
            long size = Math.Min(chunk, rows - start);
            Tensor anchors = z.detach().narrow(0, start, size);
            // Logits of this block of anchors against all 2N embeddings; entry (r, start + r) is the anchor itself.
            Tensor logits = anchors.mm(scaled.t());

            Tensor weights = NormalisedWeights(kernel, views, start, size, type, columnTotals);
            Tensor mass = weights.sum(1, keepdim: true);
            Tensor weightedLogits = (weights * logits).sum(1, keepdim: true);

            logits.diagonal(start, 0, 1).fill_(double.NegativeInfinity);
            Tensor max = logits.amax(new long[] { 1 }, keepdim: true);
            Tensor exp = logits.sub_(max).exp_();
            Tensor expSum = exp.sum(1, keepdim: true);
            Tensor logNormaliser = expSum.log().add_(max);
            // l_t = sum_j What_tj (log Z_t - s_tj)
            perAnchor.narrow(0, start, size).copy_((mass * logNormaliser - weightedLogits).squeeze(1));

            if (gradient is not null)
            {
                // dl_t/ds_tj = mass_t * p_tj - What_tj, with p the softmax over j != t.
                Tensor dLogits = exp.div_(expSum).mul_(mass).sub_(weights);
                gradient.narrow(0, start, size).addmm_(dLogits, scaled, 1, 1);
                gradient.addmm_(dLogits.t(), scaled.narrow(0, start, size), 1, 1);
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

    /// <summary>The kernel weights of anchors [start, start + size) against all 2N embeddings, self-pairs zeroed and normalised.</summary>
    private static Tensor NormalisedWeights(IKernel kernel, SliceAttributes views, long start, long size, ScalarType type, Tensor? columnTotals)
    {
        Tensor weights = MaskedWeights(kernel, views, start, size, type);
        Tensor totals = columnTotals is null
            ? weights.sum(1, keepdim: true)          // per anchor: divide row t by its own total
            : columnTotals.unsqueeze(0);             // authors' code: divide column j by the total of row j
        return weights.div_(totals.clamp_min(WeightFloor));
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
