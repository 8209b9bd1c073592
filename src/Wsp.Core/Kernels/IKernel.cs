using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>
/// A similarity between slices computed from their attributes. Contrastive losses use it to weight
/// every pair of embeddings: 1 pulls a pair together fully, 0 treats it as a negative.
/// </summary>
/// <remarks>
/// Implementations must compute on the attributes' device without reading values on the host, return
/// weights in [0, 1] (in at least float32), be symmetric in their two arguments, and return a new
/// tensor that the caller owns and may modify in place.
/// </remarks>
public interface IKernel
{
    /// <summary>The attributes this kernel reads; losses check that they are supplied before computing.</summary>
    IReadOnlyList<SliceAttribute> Attributes { get; }

    /// <summary>Returns the weights between every row slice and every column slice, shape [rows.Count, columns.Count].</summary>
    /// <param name="rows">Attributes of the first set of slices.</param>
    /// <param name="columns">Attributes of the second set of slices.</param>
    Tensor Evaluate(SliceAttributes rows, SliceAttributes columns);
}
