using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>
/// Kernel on ordinal values that depends on their integer distance: k(a, b) = weights[|a - b|] when
/// |a - b| is an integer below weights.Length, else 0. The default (1, 0.5) is the authors'
/// "discrete" kernel: 1 for equal values, 0.5 for neighbouring grades, 0 otherwise.
/// </summary>
public sealed class GradeDistanceKernel : DistanceKernel
{
    private readonly double[] _weights;

    /// <summary>Creates the kernel.</summary>
    /// <param name="weights">Weight for distance 0, 1, 2, ...; each in [0, 1]. Defaults to (1, 0.5).</param>
    /// <param name="attribute">Compared attribute; the weak label by default.</param>
    public GradeDistanceKernel(IReadOnlyList<double>? weights = null, SliceAttribute? attribute = null)
        : base(attribute ?? SliceAttribute.WeakLabel)
    {
        _weights = (weights ?? new[] { 1.0, 0.5 }).ToArray();
        if (_weights.Length == 0)
            throw new ArgumentOutOfRangeException(nameof(weights), "At least one weight (for distance 0) is needed.");
        for (int k = 0; k < _weights.Length; k++)
        {
            if (!(_weights[k] >= 0 && _weights[k] <= 1))
                throw new ArgumentOutOfRangeException(nameof(weights), _weights[k], $"weights[{k}] must be in [0, 1].");
        }
    }

    /// <summary>Weight for each integer distance.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <inheritdoc />
    protected override Tensor FromDifference(Tensor difference)
    {
        Tensor distance = Magnitude(difference);
        Tensor result = zeros_like(distance);
        for (int k = 0; k < _weights.Length; k++)
        {
            if (_weights[k] != 0)
                result.add_(distance.eq(k).to(result.dtype).mul_(_weights[k]));
        }
        return result;
    }

    /// <inheritdoc />
    public override string ToString() => $"GradeDistance({Attribute}, weights [{string.Join(", ", _weights.Select(w => w.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}])";
}
