using Wsp.Core;

namespace Wsp.Models;

/// <summary>How <see cref="PatientClassifierFitter"/> fits a final model on every labelled patient.</summary>
public sealed class PatientClassifierOptions
{
    /// <summary>Evenly spread slices per patient whose outputs make the patient's (the cross-validation's default, 16); 0 for every kept slice.</summary>
    public int SlicesPerPatient { get; set; } = 16;

    /// <summary>Seed of the fine-tuning's slice draws and augmentations.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Fine-tuning epochs (fine-tuned models only).</summary>
    public int FineTuneEpochs { get; set; } = 8;

    /// <summary>Random slices per patient and fine-tuning epoch.</summary>
    public int FineTuneSlicesPerPatient { get; set; } = 4;

    /// <summary>Fine-tuning learning rate.</summary>
    public double FineTuneLearningRate { get; set; } = 3e-4;

    /// <summary>Names of class 0 and class 1, as the model reports them.</summary>
    public IReadOnlyList<string> ClassNames { get; set; } = ["no cirrhosis", "cirrhosis"];

    /// <summary>The encoder's pretraining method, as recorded in the model (e.g. <c>Wsp</c>).</summary>
    public string PretrainingMethod { get; set; } = "unknown";

    /// <summary>The pretraining settings, as recorded in the model.</summary>
    public IReadOnlyDictionary<string, string> PretrainingSettings { get; set; } = new Dictionary<string, string>();

    /// <summary>A copy.</summary>
    public PatientClassifierOptions Clone() => (PatientClassifierOptions)MemberwiseClone();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        OptionRules.NonNegative(SlicesPerPatient, nameof(SlicesPerPatient));
        OptionRules.Positive(FineTuneEpochs, nameof(FineTuneEpochs));
        OptionRules.Positive(FineTuneSlicesPerPatient, nameof(FineTuneSlicesPerPatient));
        OptionRules.Positive(FineTuneLearningRate, nameof(FineTuneLearningRate));
        if (ClassNames is null || ClassNames.Count != 2 || ClassNames.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("ClassNames needs two names, neither empty.", nameof(ClassNames));
        ArgumentException.ThrowIfNullOrWhiteSpace(PretrainingMethod, nameof(PretrainingMethod));
        ArgumentNullException.ThrowIfNull(PretrainingSettings, nameof(PretrainingSettings));
    }
}
