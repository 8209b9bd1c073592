using TorchSharp;
using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>
/// Weighted sum of kernels, k(a, b) = sum_i c_i k_i(a, b). By default c_i = 1 / m (the mean), which
/// keeps weights in [0, 1]; coefficients must be non-negative and sum to at most 1.
/// </summary>
public sealed class SumKernel : IKernel
{
    private readonly IKernel[] _terms;
    private readonly double[] _coefficients;

    /// <summary>The mean of at least two kernels.</summary>
    /// <param name="terms">The kernels to average.</param>
    public SumKernel(params IKernel[] terms)
        : this(terms, null)
    {
    }

    /// <summary>A weighted sum of kernels.</summary>
    /// <param name="terms">The kernels to add.</param>
    /// <param name="coefficients">One non-negative coefficient per kernel, summing to at most 1; null for the mean.</param>
    public SumKernel(IKernel[] terms, IReadOnlyList<double>? coefficients)
    {
        _terms = CompositeKernels.Check(terms, nameof(terms));
        _coefficients = coefficients?.ToArray() ?? Enumerable.Repeat(1.0 / _terms.Length, _terms.Length).ToArray();
        if (_coefficients.Length != _terms.Length)
            throw new ArgumentException($"{_terms.Length} kernels need {_terms.Length} coefficients, but {_coefficients.Length} were given.", nameof(coefficients));
        if (_coefficients.Any(c => !(c >= 0)) || _coefficients.Sum() > 1 + 1e-12)
            throw new ArgumentOutOfRangeException(nameof(coefficients), "Coefficients must be non-negative and sum to at most 1.");
        Attributes = CompositeKernels.UnionOfAttributes(_terms);
    }

    /// <summary>The added kernels.</summary>
    public IReadOnlyList<IKernel> Terms => _terms;

    /// <summary>The coefficient of each kernel.</summary>
    public IReadOnlyList<double> Coefficients => _coefficients;

    /// <inheritdoc />
    public IReadOnlyList<SliceAttribute> Attributes { get; }

    /// <inheritdoc />
    public Tensor Evaluate(SliceAttributes rows, SliceAttributes columns)
    {
        using var scope = NewDisposeScope();
        Tensor sum = _terms[0].Evaluate(rows, columns).mul_(_coefficients[0]);
        for (int i = 1; i < _terms.Length; i++)
        {
            Tensor term = _terms[i].Evaluate(rows, columns).mul_(_coefficients[i]);
            sum = CompositeKernels.CanAccumulateInPlace(sum, term) ? sum.add_(term) : sum.add(term);
        }
        return sum.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string ToString() => "(" + string.Join(" + ", _terms.Select((t, i) => _coefficients[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture) + " " + t)) + ")";
}
