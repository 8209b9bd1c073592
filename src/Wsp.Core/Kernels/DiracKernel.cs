using TorchSharp;
using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>
/// Dirac kernel on a discrete attribute: k(a, b) = 1 if a == b, else 0. On the weak label it makes
/// SupCon, and the label factor of the WSP loss. On the weak label, a negative value means unknown and never
/// matches, not even itself.
/// </summary>
public sealed class DiracKernel : IKernel
{
    /// <summary>Creates the kernel.</summary>
    /// <param name="attribute">Compared attribute; the weak label by default.</param>
    public DiracKernel(SliceAttribute? attribute = null)
    {
        Attribute = attribute ?? SliceAttribute.WeakLabel;
        Attributes = new[] { Attribute };
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
        Tensor equal = a.unsqueeze(1).eq(b.unsqueeze(0)).to(ScalarType.Float32);
        return UnknownLabels.Mask(equal, Attribute, a, b).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string ToString() => $"Dirac({Attribute})";
}
