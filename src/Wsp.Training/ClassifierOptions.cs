namespace Wsp.Training;

/// <summary>Settings of <see cref="ClassifierTrainer"/>.</summary>
public sealed class ClassifierOptions
{
    /// <summary>Epochs.</summary>
    public int Epochs { get; set; } = 10;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; set; } = 1e-4;

    /// <summary>Weight decay.</summary>
    public double WeightDecay { get; set; } = 1e-5;

    /// <summary>Train only the classifier head on a frozen backbone (linear evaluation) instead of fine-tuning everything.</summary>
    public bool FreezeBackbone { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "At least one epoch.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be finite and greater than 0.");
        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Must be finite and non-negative.");
    }

    /// <summary>A copy.</summary>
    public ClassifierOptions Clone() => (ClassifierOptions)MemberwiseClone();
}
