namespace Wsp.Training;

/// <summary>Settings of <see cref="ContrastivePretrainer"/>; defaults follow the paper (Adam, lr 1e-5, weight decay 1e-5, cosine schedule, 40 epochs).</summary>
public sealed class PretrainingOptions
{
    /// <summary>Epochs to train in total (a resumed run continues up to this number).</summary>
    public int Epochs { get; set; } = 40;

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; set; } = 1e-5;

    /// <summary>Weight decay.</summary>
    public double WeightDecay { get; set; } = 1e-5;

    /// <summary>Adam or AdamW.</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

    /// <summary>Epochs of linear warm-up before the cosine decay.</summary>
    public int WarmupEpochs { get; set; }

    /// <summary>Clip the global gradient norm to this value; null for no clipping.</summary>
    public double? GradientClipNorm { get; set; }

    /// <summary>Embed batches in chunks of this many images with gradient caching; null for plain batches.</summary>
    public int? GradientCacheChunkSize { get; set; }

    /// <summary>Folder for per-epoch checkpoints; a run finding one there resumes from it. Null: no checkpoints.</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>
    /// Folder for TensorBoard event files (tags <c>step/train_loss</c> over the global step; <c>epoch/train_loss</c>,
    /// <c>epoch/validation_loss</c>, <c>epoch/learning_rate</c>, <c>epoch/slices_per_second</c> over the 1-based epoch).
    /// Every run, resumed ones included, appends a new event file; TensorBoard merges them. Null: no TensorBoard output.
    /// </summary>
    public string? TensorBoardDirectory { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "At least one epoch.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be finite and greater than 0.");
        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Must be finite and non-negative.");
        if (!Enum.IsDefined(Optimizer)) throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, "Unknown optimiser.");
        if (WarmupEpochs < 0 || WarmupEpochs >= Epochs) throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs, "Must be in [0, Epochs).");
        if (GradientClipNorm is { } clip && !(clip > 0)) throw new ArgumentOutOfRangeException(nameof(GradientClipNorm), clip, "Must be greater than 0.");
        if (GradientCacheChunkSize is < 1) throw new ArgumentOutOfRangeException(nameof(GradientCacheChunkSize), GradientCacheChunkSize, "At least one image.");
        if (TensorBoardDirectory is { } board && string.IsNullOrWhiteSpace(board)) throw new ArgumentOutOfRangeException(nameof(TensorBoardDirectory), board, "Must be a folder path or null.");
    }

    /// <summary>A copy.</summary>
    public PretrainingOptions Clone() => (PretrainingOptions)MemberwiseClone();

    /// <summary>The learning rate of epoch <paramref name="epoch"/> (0-based): linear warm-up, then cosine decay to 0.</summary>
    /// <param name="epoch">The epoch.</param>
    public double LearningRateAt(int epoch)
    {
        if (epoch < WarmupEpochs)
            return LearningRate * (epoch + 1) / (WarmupEpochs + 1);
        double progress = (double)(epoch - WarmupEpochs) / (Epochs - WarmupEpochs);
        return LearningRate * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
