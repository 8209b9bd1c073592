namespace Wsp.Core;

/// <summary>Which per-slice quantity a <see cref="SliceAttribute"/> names.</summary>
public enum SliceAttributeKind
{
    /// <summary>The weak (cheap, noisy) discrete label of the slice's volume, e.g. a radiologist's grade.</summary>
    WeakLabel,

    /// <summary>The normalised position d in [0, 1) of the slice in its volume.</summary>
    Position,

    /// <summary>The index of the slice in the batch; both augmented views of a slice share it.</summary>
    SampleIndex,

    /// <summary>A named extra covariate, e.g. the patient's age.</summary>
    Covariate,
}
