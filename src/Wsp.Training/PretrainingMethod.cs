namespace Wsp.Training;

/// <summary>The pretraining methods of the paper's comparison, each a loss over two views (see <see cref="PretrainingMethods"/>).</summary>
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
