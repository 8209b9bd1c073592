using Wsp.Core;
using System.Globalization;
using Wsp.Training.Checkpoints;

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

    /// <summary>
    /// Folder for per-epoch checkpoints (see <see cref="CheckpointStore"/>); a run finding one there resumes from it,
    /// provided it was made with the same settings. Null: no checkpoints.
    /// </summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>
    /// Settings of the caller that the trainer cannot see but that a resumed run must share (data, seed, slice size,
    /// augmentations), recorded in checkpoints with the trainer's own; empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, string> RunSettings { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// Folder for TensorBoard event files (tags <c>step/train_loss</c> over the global step; <c>epoch/train_loss</c>,
    /// <c>epoch/validation_loss</c>, <c>epoch/learning_rate</c>, <c>epoch/slices_per_second</c> over the 1-based epoch).
    /// Every run, resumed ones included, appends a new event file; TensorBoard merges them. Null: no TensorBoard output.
    /// </summary>
    public string? TensorBoardDirectory { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        OptionRules.AtLeast(Epochs, 1, nameof(Epochs), "epoch");
        OptionRules.Positive(LearningRate, nameof(LearningRate));
        OptionRules.NonNegative(WeightDecay, nameof(WeightDecay));
        OptionRules.Defined(Optimizer, nameof(Optimizer));
        if (WarmupEpochs < 0 || WarmupEpochs >= Epochs) throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs, "Must be in [0, Epochs).");
        if (GradientClipNorm is { } clip) OptionRules.Positive(clip, nameof(GradientClipNorm));
        if (GradientCacheChunkSize is { } chunk) OptionRules.AtLeast(chunk, 1, nameof(GradientCacheChunkSize), "image");
        if (RunSettings is null) throw new ArgumentOutOfRangeException(nameof(RunSettings), "Must not be null; leave it empty when there is nothing to add.");
        if (TensorBoardDirectory is { } board && string.IsNullOrWhiteSpace(board)) throw new ArgumentOutOfRangeException(nameof(TensorBoardDirectory), board, "Must be a folder path or null.");
    }

    /// <summary>A copy.</summary>
    public PretrainingOptions Clone()
    {
        var copy = (PretrainingOptions)MemberwiseClone();
        copy.RunSettings = new Dictionary<string, string>(RunSettings, StringComparer.Ordinal);
        return copy;
    }

    /// <summary>The schedule of these options: <see cref="CosineSchedule"/> from <see cref="LearningRate"/> over <see cref="Epochs"/> with <see cref="WarmupEpochs"/>.</summary>
    public LearningRateSchedule Schedule() => new CosineSchedule(LearningRate, Epochs, WarmupEpochs);

    /// <summary>
    /// The settings that shape the trajectory (optimiser, peak learning rate and warm-up, weight decay, clipping,
    /// chunking), as recorded in checkpoints; <see cref="RunSettings"/> are added to them. The epoch count is not among
    /// them, so that a run can be extended to more epochs.
    /// </summary>
    public TrainingSettings Settings() => new TrainingSettings(new Dictionary<string, string>
    {
        ["optimizer"] = Optimizer.ToString(),
        // Not the epoch count: a finished run may be extended, its cosine then continuing over the new total.
        ["schedule"] = string.Create(CultureInfo.InvariantCulture, $"cosine(peak {LearningRate:R}, warm-up {WarmupEpochs})"),
        ["weight decay"] = WeightDecay.ToString("R", CultureInfo.InvariantCulture),
        ["gradient clip norm"] = GradientClipNorm?.ToString("R", CultureInfo.InvariantCulture) ?? "none",
        ["gradient cache chunk"] = GradientCacheChunkSize?.ToString(CultureInfo.InvariantCulture) ?? "none",
    }).With(RunSettings);
}
