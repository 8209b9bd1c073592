using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>Checks and helpers shared by <see cref="ProductKernel"/> and <see cref="SumKernel"/>.</summary>
internal static class CompositeKernels
{
    public static IKernel[] Check(IKernel[] kernels, string name)
    {
        ArgumentNullException.ThrowIfNull(kernels, name);
        if (kernels.Length < 2)
            throw new ArgumentException($"A composite kernel needs at least two kernels, but {kernels.Length} were given.", name);
        if (kernels.Any(k => k is null))
            throw new ArgumentException("A composite kernel cannot contain null.", name);
        return kernels.ToArray();
    }

    public static IReadOnlyList<SliceAttribute> UnionOfAttributes(IEnumerable<IKernel> kernels) =>
        kernels.SelectMany(k => k.Attributes).Distinct().ToArray();

    // In-place accumulation is only safe when it neither loses precision nor needs broadcasting.
    public static bool CanAccumulateInPlace(Tensor accumulator, Tensor other) =>
        accumulator.dtype == promote_types(accumulator.dtype, other.dtype);
}
