namespace Wsp.Training;

/// <summary>The optimiser of <see cref="ContrastivePretrainer"/> and <see cref="ClassifierTrainer"/> (see <see cref="OptimizerFactory"/>).</summary>
public enum OptimizerKind
{
    /// <summary>Adam with L2 weight decay added to the gradient (the authors' choice).</summary>
    Adam,

    /// <summary>AdamW with decoupled weight decay.</summary>
    AdamW,
}
