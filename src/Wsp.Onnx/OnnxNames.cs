namespace Wsp.Onnx;

/// <summary>The names of an exported graph's input and outputs, for runtimes that feed and read it.</summary>
public static class OnnxNames
{
    /// <summary>The input: float32 slices [batch, channels, height, width] after the preprocessing; the batch dimension is named <see cref="BatchDimension"/>.</summary>
    public const string Input = "slices";

    /// <summary>The symbolic name of the batch dimension of the input and every output.</summary>
    public const string BatchDimension = "batch";

    /// <summary>The output of <see cref="OnnxOutput.Representation"/>.</summary>
    public const string Representation = "representation";

    /// <summary>The output of <see cref="OnnxOutput.Projection"/>.</summary>
    public const string Projection = "projection";

    /// <summary>The output of <see cref="OnnxOutput.Logits"/>.</summary>
    public const string Logits = "logits";

    /// <summary>The output of <see cref="OnnxOutput.SliceLogit"/>.</summary>
    public const string SliceLogit = "slice_logit";

    /// <summary>The output of <see cref="OnnxOutput.SliceProbability"/>.</summary>
    public const string SliceProbability = "slice_probability";

    /// <summary>The graph's name for an output.</summary>
    /// <param name="output">The output.</param>
    public static string Of(OnnxOutput output) => output switch
    {
        OnnxOutput.Representation => Representation,
        OnnxOutput.Projection => Projection,
        OnnxOutput.Logits => Logits,
        OnnxOutput.SliceLogit => SliceLogit,
        OnnxOutput.SliceProbability => SliceProbability,
        _ => throw new ArgumentOutOfRangeException(nameof(output), output, "Unknown output."),
    };
}
