namespace Wsp.Samples.CirrhosisTraining;

/// <summary>The pretraining methods the sample compares, named as in the paper's table.</summary>
public enum PretrainingMethod
{
    /// <summary>No pretraining: a randomly initialised encoder (probe) or supervised training from scratch (fine-tuning).</summary>
    None,

    /// <summary>SimCLR (NT-Xent): the two views of a slice are the only positives.</summary>
    SimClr,

    /// <summary>SupCon on the weak label.</summary>
    SupCon,

    /// <summary>y-Aware (depth-aware) on the slice position.</summary>
    YAware,

    /// <summary>Weakly-supervised positional: weak label x slice position.</summary>
    Wsp,
}
