namespace Wsp.Training.Optimizers;

/// <summary>The hyperparameters of one Adam or AdamW step, read from the optimiser's parameter group.</summary>
/// <param name="LearningRate">The learning rate.</param>
/// <param name="Beta1">The first moment's decay.</param>
/// <param name="Beta2">The second moment's decay.</param>
/// <param name="Epsilon">Added to the denominator.</param>
/// <param name="WeightDecay">The weight decay.</param>
/// <param name="Decoupled">AdamW's decoupled decay instead of Adam's L2 term.</param>
internal readonly record struct AdamSettings(double LearningRate, double Beta1, double Beta2, double Epsilon, double WeightDecay, bool Decoupled);
