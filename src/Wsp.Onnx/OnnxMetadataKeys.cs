namespace Wsp.Onnx;

/// <summary>
/// Keys of an exported model's <c>metadata_props</c>, beside the preprocessing's <c>wsp.preprocessing.*</c> keys
/// (<see cref="Wsp.Models.ModelPreprocessing.ToMetadata"/>). Numbers are written in the invariant culture, round-trip exact.
/// </summary>
public static class OnnxMetadataKeys
{
    /// <summary>The Wsp ONNX layout's version (<see cref="OnnxExporter.FormatVersion"/>): what the keys and outputs mean.</summary>
    public const string FormatVersion = "wsp.onnx.format_version";

    /// <summary>The Wsp.Onnx version that wrote the file.</summary>
    public const string ProducerVersion = "wsp.onnx.producer_version";

    /// <summary>The graph's outputs, comma-separated, in order.</summary>
    public const string Outputs = "wsp.onnx.outputs";

    /// <summary>The encoder's architecture (e.g. <c>TinyNet</c>, <c>ResNet50</c>).</summary>
    public const string Architecture = "wsp.encoder.architecture";

    /// <summary>The encoder's description (architecture and head sizes).</summary>
    public const string Encoder = "wsp.encoder.description";

    /// <summary>A patient classifier's protocol: <c>linear_probe</c> or <c>fine_tuning</c>.</summary>
    public const string Protocol = "wsp.classifier.protocol";

    /// <summary>The cut-off: a patient whose probability is at least this is predicted positive.</summary>
    public const string Threshold = "wsp.classifier.threshold";

    /// <summary>The name of class 0.</summary>
    public const string ClassName0 = "wsp.classifier.class_name.0";

    /// <summary>The name of class 1 (the positive class).</summary>
    public const string ClassName1 = "wsp.classifier.class_name.1";

    /// <summary>How slice outputs make the patient's probability: <c>sigmoid_of_mean_slice_logit</c> or <c>mean_slice_probability</c>.</summary>
    public const string Aggregation = "wsp.classifier.aggregation";

    /// <summary>The same rule in words.</summary>
    public const string AggregationDescription = "wsp.classifier.aggregation.description";

    /// <summary>How the encoder was pretrained (e.g. <c>Wsp</c>, <c>None</c>).</summary>
    public const string PretrainingMethod = "wsp.classifier.pretraining_method";

    /// <summary>The Wsp.Models version that wrote the model the export was made from.</summary>
    public const string ModelWrittenBy = "wsp.classifier.written_by";

    /// <summary>The Wsp model file format version of the exported classifier.</summary>
    public const string ModelFormatVersion = "wsp.classifier.model_format_version";

    /// <summary>The value of <see cref="Aggregation"/> for linear-probe models.</summary>
    public const string MeanLogit = "sigmoid_of_mean_slice_logit";

    /// <summary>The value of <see cref="Aggregation"/> for fine-tuned models.</summary>
    public const string MeanProbability = "mean_slice_probability";
}
