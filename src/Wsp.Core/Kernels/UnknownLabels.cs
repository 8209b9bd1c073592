using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>
/// A negative weak label means "unknown" (the data pipeline encodes a missing weak label as -1): every kernel that
/// reads the weak label gives such a slice weight 0 with every other slice, so a missing label can never make a
/// positive pair. Computed on the device, without reading values on the host.
/// </summary>
internal static class UnknownLabels
{
    /// <summary>
    /// <paramref name="weights"/> with the rows and columns of unknown labels zeroed, when <paramref name="attribute"/>
    /// is the weak label; otherwise <paramref name="weights"/> itself.
    /// </summary>
    public static Tensor Mask(Tensor weights, SliceAttribute attribute, Tensor rowValues, Tensor columnValues)
    {
        if (attribute != SliceAttribute.WeakLabel)
            return weights;
        // A product of 0/1 masks rather than logical_and, which the meta device does not implement.
        Tensor known = rowValues.ge(0).to(weights.dtype).unsqueeze(1) * columnValues.ge(0).to(weights.dtype).unsqueeze(0);
        return weights.mul(known);
    }

    /// <summary>Label values that are safe to index a table with: unknown (negative) labels read row 0, then get masked.</summary>
    public static Tensor ClampForIndexing(Tensor labels, SliceAttribute attribute) =>
        attribute == SliceAttribute.WeakLabel ? labels.clamp_min(0) : labels;
}
