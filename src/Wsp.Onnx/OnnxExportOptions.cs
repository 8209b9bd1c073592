namespace Wsp.Onnx;

/// <summary>
/// What an export writes. Defaults: the representation for an encoder; <c>slice_logit</c> and <c>slice_probability</c>
/// for a patient classifier; height and width symbolic for an encoder, the preprocessing's size for a classifier.
/// </summary>
public sealed class OnnxExportOptions
{
    /// <summary>The graph's outputs, in order; null for the default of what is exported.</summary>
    public IReadOnlyList<OnnxOutput>? Outputs { get; set; }

    /// <summary>
    /// The input's height and width in pixels; null leaves them symbolic (<c>height</c>, <c>width</c>) for an encoder and
    /// fixes them to <see cref="Wsp.Models.ModelPreprocessing.Size"/> for a patient classifier.
    /// </summary>
    public int? InputSize { get; set; }

    /// <summary>A copy.</summary>
    public OnnxExportOptions Clone() => new() { Outputs = Outputs?.ToArray(), InputSize = InputSize };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Outputs is { } outputs)
        {
            if (outputs.Count == 0)
                throw new ArgumentOutOfRangeException(nameof(Outputs), "At least one output.");
            if (outputs.Any(o => !Enum.IsDefined(o)))
                throw new ArgumentOutOfRangeException(nameof(Outputs), "Unknown output.");
            if (outputs.Distinct().Count() != outputs.Count)
                throw new ArgumentOutOfRangeException(nameof(Outputs), "Each output at most once.");
        }
        if (InputSize is { } size && size < Wsp.Training.Encoders.SliceEncoder.MinimumInputSize)
            throw new ArgumentOutOfRangeException(nameof(InputSize), size, $"The encoders need slices of at least {Wsp.Training.Encoders.SliceEncoder.MinimumInputSize} pixels.");
    }
}
