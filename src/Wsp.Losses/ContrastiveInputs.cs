using Wsp.Core;
using Wsp.Core.Kernels;
using static TorchSharp.torch;

namespace Wsp.Losses;

/// <summary>Checks the arguments of a contrastive loss from metadata only (never reads values on the host).</summary>
internal static class ContrastiveInputs
{
    public static void Check(Tensor viewA, Tensor viewB, SliceAttributes? attributes, IKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(viewA);
        ArgumentNullException.ThrowIfNull(viewB);
        ArgumentNullException.ThrowIfNull(kernel);

        CheckMatrix(viewA, nameof(viewA));
        CheckMatrix(viewB, nameof(viewB));
        if (!viewA.shape.SequenceEqual(viewB.shape))
            throw new ArgumentException(
                $"The two views must have the same shape [N, D], but viewA is {Shape(viewA)} and viewB is {Shape(viewB)}.", nameof(viewB));
        if (viewA.dtype != viewB.dtype)
            throw new ArgumentException($"The two views must have the same dtype, but viewA is {viewA.dtype} and viewB is {viewB.dtype}.", nameof(viewB));
        if (viewA.device_type != viewB.device_type || viewA.device_index != viewB.device_index)
            throw new ArgumentException($"The two views must be on the same device, but viewA is on {viewA.device} and viewB on {viewB.device}.", nameof(viewB));

        long n = viewA.shape[0];
        if (attributes is null)
        {
            SliceAttribute? missing = kernel.Attributes.Where(a => a.Kind != SliceAttributeKind.SampleIndex).Cast<SliceAttribute?>().FirstOrDefault();
            if (missing is not null)
                throw new ArgumentException($"The loss's kernel reads the {missing}, but no slice attributes were given.", nameof(attributes));
            return;
        }
        if (attributes.Count != n)
            throw new ArgumentException(
                $"The attributes describe {attributes.Count} slices, but the views hold {n} embeddings (shape {Shape(viewA)}).", nameof(attributes));
        if (attributes.Device.type != viewA.device_type || attributes.Device.index != viewA.device_index)
            throw new ArgumentException(
                $"The attributes are on {attributes.Device} but the embeddings on {viewA.device}; move them to the embeddings' device.", nameof(attributes));
        foreach (SliceAttribute needed in kernel.Attributes)
        {
            if (!attributes.Has(needed))
                throw new ArgumentException(
                    $"The loss's kernel reads the {needed}, but the slice attributes have none.", nameof(attributes));
        }
    }

    private static void CheckMatrix(Tensor view, string name)
    {
        if (view.dim() != 2)
            throw new ArgumentException($"{name} must be a matrix of embeddings [N, D], but has shape {Shape(view)}.", name);
        if (view.shape[0] < 1 || view.shape[1] < 1)
            throw new ArgumentException($"{name} must hold at least one embedding of at least one dimension, but has shape {Shape(view)}.", name);
        if (!is_floating_point(view.dtype))
            throw new ArgumentException($"{name} must be floating point, but its dtype is {view.dtype}.", name);
    }

    private static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";
}
