using TorchSharp;
using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>
/// Product of kernels, k(a, b) = k1(a, b) * k2(a, b) * ...: how attributes combine in the WSP loss
/// (Dirac on the weak label times Gaussian on the position), and how further attributes are added.
/// </summary>
public sealed class ProductKernel : IKernel
{
    private readonly IKernel[] _factors;

    /// <summary>Creates the product of at least two kernels.</summary>
    /// <param name="factors">The kernels to multiply.</param>
    public ProductKernel(params IKernel[] factors)
    {
        _factors = CompositeKernels.Check(factors, nameof(factors));
        Attributes = CompositeKernels.UnionOfAttributes(_factors);
    }

    /// <summary>The multiplied kernels.</summary>
    public IReadOnlyList<IKernel> Factors => _factors;

    /// <inheritdoc />
    public IReadOnlyList<SliceAttribute> Attributes { get; }

    /// <inheritdoc />
    public Tensor Evaluate(SliceAttributes rows, SliceAttributes columns)
    {
        using var scope = NewDisposeScope();
        Tensor product = _factors[0].Evaluate(rows, columns);
        for (int i = 1; i < _factors.Length; i++)
        {
            Tensor factor = _factors[i].Evaluate(rows, columns);
            product = CompositeKernels.CanAccumulateInPlace(product, factor) ? product.mul_(factor) : product.mul(factor);
        }
        return product.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string ToString() => "(" + string.Join(" x ", _factors.Select(f => f.ToString())) + ")";
}
