using Wsp.Core;
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
        OptionRules.AtLeast(Epochs, 1, nameof(Epochs), "epoch");
        OptionRules.Positive(LearningRate, nameof(LearningRate));
        OptionRules.Defined(Optimizer, nameof(Optimizer));
        OptionRules.NonNegative(WeightDecay, nameof(WeightDecay));
    }

    /// <summary>The schedule of these options: constant, or <see cref="CosineSchedule"/> with <see cref="CosineDecay"/>.</summary>
    public LearningRateSchedule Schedule() => CosineDecay ? new CosineSchedule(LearningRate, Epochs) : new ConstantSchedule(LearningRate);

    /// <summary>A copy.</summary>
    public ClassifierOptions Clone() => (ClassifierOptions)MemberwiseClone();
}
