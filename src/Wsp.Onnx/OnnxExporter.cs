using System.Globalization;
using System.Reflection;
using Google.Protobuf;
using TorchSharp.Modules;
using Wsp.Core.IO;
using Wsp.Evaluation;
using Wsp.Models;
using Wsp.Onnx.Protobuf;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Onnx;

/// <summary>
/// Writes a slice encoder or a patient classifier as an ONNX model (opset <see cref="Opset"/>): input
/// <see cref="OnnxNames.Input"/> float32 [batch, channels, height, width] with a symbolic batch, the outputs the caller
/// chooses, and the preprocessing, cut-off, class names and aggregation rule in its metadata (<see cref="OnnxMetadataKeys"/>).
/// The graph is the evaluation-mode network (batch norm with its running statistics) whatever mode the encoder is in;
/// weights are stored as float32. A module whose forward the exporter does not know is refused, never approximated.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The Wsp ONNX layout this version writes (<see cref="OnnxMetadataKeys.FormatVersion"/>).</summary>
    public const int FormatVersion = 1;

    /// <summary>The ONNX operator set the graphs use.</summary>
    public const int Opset = 17;

    // IR version 8 is the one of opset 17 (ONNX 1.12).
    private const long IrVersion = 8;

    /// <summary>The Wsp.Onnx version written into exported models.</summary>
    public static string ProducerVersion { get; } =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>Exports an encoder; by default its representation only, for inputs of any height and width.</summary>
    /// <param name="encoder">The encoder (TinyNet or a ResNet backbone, its projection and classifier heads).</param>
    /// <param name="path">The .onnx file, written atomically.</param>
    /// <param name="options">Outputs (not the patient outputs) and input size; defaults when null.</param>
    /// <exception cref="NotSupportedException">A module of the encoder cannot be exported; the message names its path and type.</exception>
    public static void Export(SliceEncoder encoder, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        Write(Build(encoder, options), path);
    }

    /// <summary>Exports a patient classifier; by default its <c>slice_logit</c> and <c>slice_probability</c>, for slices of its preprocessing's size.</summary>
    /// <param name="classifier">The classifier (linear probe or fine-tuned).</param>
    /// <param name="path">The .onnx file, written atomically.</param>
    /// <param name="options">Outputs and input size; defaults when null.</param>
    /// <exception cref="NotSupportedException">A module of the encoder cannot be exported; the message names its path and type.</exception>
    public static void Export(PatientClassifier classifier, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        Write(Build(classifier, options), path);
    }

    internal static ModelProto Build(SliceEncoder encoder, OnnxExportOptions? options)
    {
        OnnxExportOptions settings = Settings(options, [OnnxOutput.Representation]);
        foreach (OnnxOutput patient in settings.Outputs!.Where(IsPatient))
            throw new ArgumentException($"The output {OnnxNames.Of(patient)} needs a patient classifier's head; export the PatientClassifier.", nameof(options));
        object side = settings.InputSize is { } size ? size : "height";
        object across = settings.InputSize is { } width ? width : "width";
        var (graph, values) = Encoder(encoder, settings.Outputs!, side, across);
        return Model(encoder, graph, values, settings.Outputs!, new Dictionary<string, string>(StringComparer.Ordinal));
    }

    internal static ModelProto Build(PatientClassifier classifier, OnnxExportOptions? options)
    {
        OnnxExportOptions settings = Settings(options, [OnnxOutput.SliceLogit, OnnxOutput.SliceProbability]);
        int size = settings.InputSize ?? classifier.Preprocessing.Size;
        IReadOnlyList<OnnxOutput> outputs = settings.Outputs!;
        bool patient = outputs.Any(IsPatient);
        // The fine-tuned head reads the logits; the probe reads the representation.
        var needed = outputs.ToList();
        if (patient)
            needed.Add(classifier.Protocol == EvaluationProtocol.LinearProbe ? OnnxOutput.Representation : OnnxOutput.Logits);
        var (graph, values) = Encoder(classifier.Encoder, needed.Distinct().ToArray(), size, size, outputs);
        if (patient)
        {
            var (logit, probability) = classifier.Protocol == EvaluationProtocol.LinearProbe
                ? PatientHeads.Probe(graph, classifier.Probe!, values[OnnxOutput.Representation])
                : PatientHeads.FineTuned(graph, values[OnnxOutput.Logits], classifier.Encoder.ClassCount);
            values[OnnxOutput.SliceLogit] = logit;
            values[OnnxOutput.SliceProbability] = probability;
        }
        return Model(classifier.Encoder, graph, values, outputs, ClassifierMetadata(classifier));
    }

    private static OnnxExportOptions Settings(OnnxExportOptions? options, OnnxOutput[] defaults)
    {
        OnnxExportOptions settings = options?.Clone() ?? new OnnxExportOptions();
        settings.Outputs ??= defaults;
        settings.Validate();
        return settings;
    }

    // The encoder's nodes for the outputs asked for: the backbone always, each head only when an output needs it.
    private static (GraphBuilder, Dictionary<OnnxOutput, string>) Encoder(SliceEncoder encoder, IReadOnlyList<OnnxOutput> needed, object height, object width,
        IReadOnlyList<OnnxOutput>? graphOutputs = null)
    {
        var graph = new GraphBuilder();
        graph.Reserve(OnnxNames.Input);
        graph.Graph.Input.Add(GraphBuilder.Float32(OnnxNames.Input, OnnxNames.BatchDimension, InputChannels(encoder), height, width));
        foreach (OnnxOutput output in graphOutputs ?? needed)
            graph.Reserve(OnnxNames.Of(output));
        var translator = new ModuleTranslator(graph);
        var values = new Dictionary<OnnxOutput, string>
        {
            [OnnxOutput.Representation] = translator.Translate(encoder.Backbone, "backbone", OnnxNames.Input),
        };
        if (needed.Contains(OnnxOutput.Projection))
            values[OnnxOutput.Projection] = translator.Translate(Head(encoder, "projection"), "projection", values[OnnxOutput.Representation]);
        if (needed.Contains(OnnxOutput.Logits))
            values[OnnxOutput.Logits] = translator.Translate(encoder.ClassifierHead, "classifier", values[OnnxOutput.Representation]);
        return (graph, values);
    }

    private static ModelProto Model(SliceEncoder encoder, GraphBuilder graph, Dictionary<OnnxOutput, string> values, IReadOnlyList<OnnxOutput> outputs,
        Dictionary<string, string> metadata)
    {
        foreach (OnnxOutput output in outputs)
        {
            string name = OnnxNames.Of(output);
            if (IsPatient(output))
            {
                PatientHeads.Output(graph, values[output], name);
                graph.Graph.Output.Add(GraphBuilder.Float32(name, OnnxNames.BatchDimension));
            }
            else
            {
                graph.Rename(values[output], name);
                graph.Graph.Output.Add(GraphBuilder.Float32(name, OnnxNames.BatchDimension, Width(encoder, output)));
            }
        }
        metadata[OnnxMetadataKeys.FormatVersion] = FormatVersion.ToString(CultureInfo.InvariantCulture);
        metadata[OnnxMetadataKeys.ProducerVersion] = ProducerVersion;
        metadata[OnnxMetadataKeys.Outputs] = string.Join(",", outputs.Select(OnnxNames.Of));
        metadata[OnnxMetadataKeys.Architecture] = encoder.Architecture.ToString();
        metadata[OnnxMetadataKeys.Encoder] = encoder.Describe();
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Wsp.Onnx",
            ProducerVersion = ProducerVersion,
            Domain = "org.wsp",
            ModelVersion = FormatVersion,
            DocString = $"Wsp {encoder.Describe()}: outputs {metadata[OnnxMetadataKeys.Outputs]}.",
            Graph = graph.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.MetadataProps.AddRange(metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new StringStringEntryProto { Key = m.Key, Value = m.Value }));
        return model;
    }

    private static Dictionary<string, string> ClassifierMetadata(PatientClassifier classifier)
    {
        var metadata = new Dictionary<string, string>(classifier.Preprocessing.ToMetadata(), StringComparer.Ordinal)
        {
            [OnnxMetadataKeys.Protocol] = classifier.Protocol == EvaluationProtocol.LinearProbe ? "linear_probe" : "fine_tuning",
            [OnnxMetadataKeys.Threshold] = classifier.Threshold.ToString("R", CultureInfo.InvariantCulture),
            [OnnxMetadataKeys.ClassName0] = classifier.ClassNames[0],
            [OnnxMetadataKeys.ClassName1] = classifier.ClassNames[1],
            [OnnxMetadataKeys.Aggregation] = classifier.Protocol == EvaluationProtocol.LinearProbe ? OnnxMetadataKeys.MeanLogit : OnnxMetadataKeys.MeanProbability,
            [OnnxMetadataKeys.AggregationDescription] = classifier.Aggregation,
            [OnnxMetadataKeys.PretrainingMethod] = classifier.Provenance.PretrainingMethod,
            [OnnxMetadataKeys.ModelWrittenBy] = classifier.Provenance.WrittenBy,
            [OnnxMetadataKeys.ModelFormatVersion] = PatientClassifier.FormatVersion.ToString(CultureInfo.InvariantCulture),
        };
        return metadata;
    }

    private static bool IsPatient(OnnxOutput output) => output is OnnxOutput.SliceLogit or OnnxOutput.SliceProbability;

    private static nn.Module Head(SliceEncoder encoder, string name) =>
        encoder.named_children().FirstOrDefault(c => c.name == name).module
            ?? throw new NotSupportedException($"Cannot export module '{name}' of {encoder.GetType().FullName}: the encoder has no such head.");

    private static long InputChannels(SliceEncoder encoder) =>
        encoder.Options?.InputChannels ?? encoder.Backbone.modules().OfType<Conv2d>().FirstOrDefault()?.in_channels ?? 1;

    private static long Width(SliceEncoder encoder, OnnxOutput output) => output switch
    {
        OnnxOutput.Representation => encoder.RepresentationSize,
        OnnxOutput.Projection => encoder.ProjectionSize,
        _ => encoder.ClassCount,
    };

    private static void Write(ModelProto model, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        AtomicFile.Write(path, temporary =>
        {
            using FileStream file = File.Create(temporary);
            model.WriteTo(file);
        });
    }
}
