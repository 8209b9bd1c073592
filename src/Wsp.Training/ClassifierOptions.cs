namespace Wsp.Training;

/// <summary>Settings of <see cref="ClassifierTrainer"/>.</summary>
public sealed class ClassifierOptions
{
    /// <summary>Epochs.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Learning rate (constant over the epochs unless <see cref="CosineDecay"/>).</summary>
    public double LearningRate { get; set; } = 1e-4;

    /// <summary>Decay the learning rate by a cosine over the epochs instead of keeping it constant (the default).</summary>
    public bool CosineDecay { get; set; }

    /// <summary>Adam (the default) or AdamW.</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

    /// <summary>Weight decay.</summary>
    public double WeightDecay { get; set; } = 1e-5;

    /// <summary>Train only the classifier head on a frozen backbone (linear evaluation) instead of fine-tuning everything.</summary>
    public bool FreezeBackbone { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "At least one epoch.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be finite and greater than 0.");
        if (!Enum.IsDefined(Optimizer)) throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, "Unknown optimiser.");
        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Must be finite and non-negative.");
    }

    /// <summary>The schedule of these options: constant, or <see cref="CosineSchedule"/> with <see cref="CosineDecay"/>.</summary>
    public LearningRateSchedule Schedule() => CosineDecay ? new CosineSchedule(LearningRate, Epochs) : new ConstantSchedule(LearningRate);

    /// <summary>A copy.</summary>
    public ClassifierOptions Clone() => (ClassifierOptions)MemberwiseClone();
}
