using System.CommandLine;
using Wsp.Evaluation;
using Wsp.Models;
using Wsp.Onnx;

namespace Wsp.Cli;

/// <summary><c>wsp export onnx</c>: a model file as an ONNX graph with its preprocessing, cut-off and class names in the metadata.</summary>
internal static class ExportCommand
{
    private static readonly OnnxOutput[] Choices = Enum.GetValues<OnnxOutput>();

    public static Command Create(TextWriter output)
    {
        var export = new Command("export", "Export a model to another format.");
        var onnx = new Command("onnx", "Write a model as ONNX (opset 17): input 'slices' [batch, 1, size, size] after the preprocessing, the chosen outputs, and the preprocessing, cut-off, class names and aggregation rule in its metadata. wsp predict --onnx runs it.");
        var options = new OptionSet(onnx);
        var model = options.Required<string>("--model", "The model file (wsp fit).");
        var target = options.Required<string>("--output", "The .onnx file to write.");
        var outputs = options.Add("--outputs", $"The graph's outputs, comma-separated, from {string.Join(", ", Choices.Select(OnnxNames.Of))}.",
            $"{OnnxNames.SliceLogit},{OnnxNames.SliceProbability}");
        onnx.SetAction((result, cancellationToken) =>
        {
            OnnxOutput[] chosen = Parse(result.GetValue(outputs)!);
            string path = result.GetValue(target)!;
            using PatientClassifier classifier = PatientClassifier.Load(result.GetValue(model)!);
            cancellationToken.ThrowIfCancellationRequested();
            OnnxExporter.Export(classifier, path, new OnnxExportOptions { Outputs = chosen });
            EffectiveSettings.Write(Path.GetDirectoryName(Path.GetFullPath(path))!, "export-onnx", options.Effective(result));
            int size = classifier.Preprocessing.Size;
            output.WriteLine($"Exported the {classifier.Protocol.DisplayName()} model ({classifier.Encoder.Architecture}) to {path}: input slices [batch, 1, {size}, {size}], outputs {string.Join(", ", chosen.Select(OnnxNames.Of))}.");
            return Task.FromResult(0);
        });
        export.Subcommands.Add(onnx);
        return export;
    }

    private static OnnxOutput[] Parse(string text)
    {
        string[] names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0)
            throw new ArgumentException("--outputs needs at least one output.");
        var byName = Choices.ToDictionary(OnnxNames.Of, StringComparer.Ordinal);
        OnnxOutput[] chosen = names.Select(name => byName.TryGetValue(name, out OnnxOutput known) ? known
            : throw new ArgumentException($"--outputs: unknown output '{name}'; choose from {string.Join(", ", Choices.Select(OnnxNames.Of))}.")).ToArray();
        if (chosen.Distinct().Count() != chosen.Length)
            throw new ArgumentException($"--outputs names an output twice: '{text}'.");
        return chosen;
    }
}
