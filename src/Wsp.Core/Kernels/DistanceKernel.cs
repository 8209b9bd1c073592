using TorchSharp;
using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>
/// Base for kernels that depend only on the difference of one continuous attribute between two
/// slices (Gaussian, Laplacian, exponential, box). Subclasses map the [n, m] difference matrix to weights.
/// Over the weak label, a negative value means unknown: such a slice gets weight 0 with every slice.
/// </summary>
public abstract class DistanceKernel : IKernel
{
    /// <summary>Creates a kernel over <paramref name="attribute"/>.</summary>
    /// <param name="attribute">The attribute compared, typically <see cref="SliceAttribute.Position"/>.</param>
    protected DistanceKernel(SliceAttribute attribute)
    {
        Attribute = attribute;
        Attributes = new[] { attribute };
    }

    /// <summary>The attribute this kernel compares.</summary>
    public SliceAttribute Attribute { get; }

    /// <inheritdoc />
    public IReadOnlyList<SliceAttribute> Attributes { get; }

    /// <inheritdoc />
    public Tensor Evaluate(SliceAttributes rows, SliceAttributes columns)
    {
        using var scope = NewDisposeScope();
        Tensor a = rows.Get(Attribute);
        Tensor b = columns.Get(Attribute);
        // Float64 attributes keep their precision; everything else is compared in float32.
        ScalarType type = a.dtype == ScalarType.Float64 || b.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        Tensor difference = a.to(type).unsqueeze(1) - b.to(type).unsqueeze(0);
        return UnknownLabels.Mask(FromDifference(difference), Attribute, a, b).MoveToOuterDisposeScope();
    }

    /// <summary>Maps the differences a_i - b_j to weights. The argument is a fresh tensor that may be modified in place.</summary>
    /// <param name="difference">The [n, m] matrix of signed differences.</param>
    protected abstract Tensor FromDifference(Tensor difference);

    /// <summary>|difference|, computed with ops that every backend (including the meta device) implements.</summary>
    /// <param name="difference">Signed differences.</param>
    protected static Tensor Magnitude(Tensor difference) => maximum(difference, difference.neg());

    /// <summary>Throws unless <paramref name="value"/> is finite and strictly positive.</summary>
    /// <param name="value">The parameter's value.</param>
    /// <param name="name">The parameter's name, used in the message.</param>
    protected static double RequirePositive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number greater than 0.");
        return value;
    }
}
