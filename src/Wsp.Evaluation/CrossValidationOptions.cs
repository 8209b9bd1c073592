using Wsp.Core;

namespace Wsp.Evaluation;

/// <summary>Settings of <see cref="CrossValidationRunner"/>; the defaults are the cirrhosis sample's.</summary>
public sealed class CrossValidationOptions
{
    /// <summary>Stratified folds of the patients (5).</summary>
    public int Folds { get; set; } = 5;

    /// <summary>Seed of the folds and of the fine-tuning slices and augmentations (1).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// Repeats of the whole cross-validation for <see cref="CrossValidationRunner.LinearProbeRepeatedAsync"/> and
    /// <see cref="CrossValidationRunner.FineTuneRepeatedAsync"/> (1); repeat r draws its folds, and its fine-tuning
    /// slices and augmentations, with seed <see cref="Seed"/> + r. The single-run methods use repeat 0 only.
    /// </summary>
    public int Repeats { get; set; } = 1;

    /// <summary>Slices per patient, spread evenly over its kept slices, that give its embedding or probability (16; 0: all).</summary>
    public int EvaluationSlicesPerPatient { get; set; } = 16;

    /// <summary>Fine-tuning epochs (8).</summary>
    public int FineTuneEpochs { get; set; } = 8;

    /// <summary>Random augmented slices per training patient per fine-tuning epoch (4).</summary>
    public int FineTuneSlicesPerPatient { get; set; } = 4;

    /// <summary>Fine-tuning learning rate, constant (3e-4; Adam, weight decay 1e-5, class-weighted cross-entropy).</summary>
    public double FineTuneLearningRate { get; set; } = 3e-4;

    /// <summary>Slices per fine-tuning step (32).</summary>
    public int FineTuneBatchSize { get; set; } = 32;

    /// <summary>Slices per forward pass when embedding or predicting (64).</summary>
    public int PredictionBatchSize { get; set; } = 64;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        OptionRules.AtLeast(Folds, 2, nameof(Folds), "fold");
        OptionRules.AtLeast(Repeats, 1, nameof(Repeats), "repeat");
        OptionRules.AtLeast(EvaluationSlicesPerPatient, 0, nameof(EvaluationSlicesPerPatient), "slice");
        OptionRules.AtLeast(FineTuneEpochs, 1, nameof(FineTuneEpochs), "epoch");
        OptionRules.AtLeast(FineTuneSlicesPerPatient, 1, nameof(FineTuneSlicesPerPatient), "slice");
        OptionRules.Positive(FineTuneLearningRate, nameof(FineTuneLearningRate));
        OptionRules.AtLeast(FineTuneBatchSize, 1, nameof(FineTuneBatchSize), "slice");
        OptionRules.AtLeast(PredictionBatchSize, 1, nameof(PredictionBatchSize), "slice");
    }

    /// <summary>A copy.</summary>
    public CrossValidationOptions Clone() => (CrossValidationOptions)MemberwiseClone();
}
