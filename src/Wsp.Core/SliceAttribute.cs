namespace Wsp.Core;

/// <summary>
/// Names the per-slice quantity a kernel reads: the weak label, the position, the sample index, or a
/// named covariate. Kernels take one in their constructor, so the same kernel type can compare any attribute.
/// </summary>
public readonly record struct SliceAttribute
{
    private SliceAttribute(SliceAttributeKind kind, string? covariateName)
    {
        Kind = kind;
        CovariateName = covariateName;
    }

    /// <summary>What kind of attribute this is.</summary>
    public SliceAttributeKind Kind { get; }

    /// <summary>The covariate's name when <see cref="Kind"/> is <see cref="SliceAttributeKind.Covariate"/>; otherwise null.</summary>
    public string? CovariateName { get; }

    /// <summary>The weak label (an integer class per slice).</summary>
    public static SliceAttribute WeakLabel { get; } = new(SliceAttributeKind.WeakLabel, null);

    /// <summary>The normalised slice position in [0, 1).</summary>
    public static SliceAttribute Position { get; } = new(SliceAttributeKind.Position, null);

    /// <summary>The slice's index in the batch (shared by its two views); used by the SimCLR identity kernel.</summary>
    public static SliceAttribute SampleIndex { get; } = new(SliceAttributeKind.SampleIndex, null);

    /// <summary>A named covariate supplied in <see cref="SliceAttributes.Covariates"/>.</summary>
    /// <param name="name">The covariate's name, e.g. "age".</param>
    public static SliceAttribute Covariate(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new SliceAttribute(SliceAttributeKind.Covariate, name);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        SliceAttributeKind.WeakLabel => "weak label",
        SliceAttributeKind.Position => "position",
        SliceAttributeKind.SampleIndex => "sample index",
        _ => $"covariate '{CovariateName}'",
    };
}
