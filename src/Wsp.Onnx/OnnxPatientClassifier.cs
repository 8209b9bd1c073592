using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Wsp.Data.Nifti;
using Wsp.Data.Sampling;
using Wsp.Data.Volumes;
using Wsp.Evaluation;
using Wsp.Models;
using static TorchSharp.torch;

namespace Wsp.Onnx;

/// <summary>
/// A patient classifier exported by <see cref="OnnxExporter"/>, run by ONNX Runtime: the preprocessing, cut-off and class
/// names come from the model's metadata, a volume is sliced by <see cref="ModelPreprocessing.CreateSlicer"/> (which runs on
/// TorchSharp, so libtorch is still needed), and the slices' <c>slice_logit</c> are aggregated exactly as
/// <see cref="PatientClassifier.Predict(SliceStack)"/> aggregates them. The application brings ONNX Runtime's native
/// package (e.g. Microsoft.ML.OnnxRuntime for the CPU).
/// </summary>
public sealed class OnnxPatientClassifier : IDisposable
{
    private const int BatchSize = 64;

    private readonly InferenceSession _session;
    private readonly VolumeSlicer _slicer;

    private OnnxPatientClassifier(InferenceSession session, string path)
    {
        _session = session;
        ModelPath = path;
        Metadata = session.ModelMetadata.CustomMetadataMap.ToDictionary(StringComparer.Ordinal);
        if (!Metadata.TryGetValue(OnnxMetadataKeys.FormatVersion, out string? version))
            throw Invalid($"has no '{OnnxMetadataKeys.FormatVersion}' metadata: it was not exported by Wsp.Onnx");
        if (!int.TryParse(version, NumberStyles.Integer, CultureInfo.InvariantCulture, out int format) || format < 1 || format > OnnxExporter.FormatVersion)
            throw Invalid($"is of Wsp ONNX format version '{version}'; this version reads 1 to {OnnxExporter.FormatVersion}");
        if (!session.InputMetadata.ContainsKey(OnnxNames.Input) || !session.OutputMetadata.ContainsKey(OnnxNames.SliceLogit))
            throw Invalid($"is not a patient classifier: it needs the input '{OnnxNames.Input}' and the output '{OnnxNames.SliceLogit}' (export a PatientClassifier)");
        try
        {
            Preprocessing = ModelPreprocessing.FromMetadata(Metadata);
        }
        catch (InvalidDataException e)
        {
            throw Invalid(e.Message, e);
        }
        Protocol = Text(OnnxMetadataKeys.Aggregation) switch
        {
            OnnxMetadataKeys.MeanLogit => EvaluationProtocol.LinearProbe,
            OnnxMetadataKeys.MeanProbability => EvaluationProtocol.FineTuning,
            var other => throw Invalid($"has the unknown aggregation '{other}' ({OnnxMetadataKeys.Aggregation})"),
        };
        string threshold = Text(OnnxMetadataKeys.Threshold);
        Threshold = double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out double cut) && double.IsFinite(cut)
            ? cut : throw Invalid($"has the cut-off '{threshold}' ({OnnxMetadataKeys.Threshold}), not a finite number");
        ClassNames = [Text(OnnxMetadataKeys.ClassName0), Text(OnnxMetadataKeys.ClassName1)];
        Aggregation = Metadata.GetValueOrDefault(OnnxMetadataKeys.AggregationDescription, Text(OnnxMetadataKeys.Aggregation));
        _slicer = Preprocessing.CreateSlicer();
    }

    /// <summary>The .onnx file.</summary>
    public string ModelPath { get; }

    /// <summary>Every metadata entry of the model.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>How volumes become slices, read back from the metadata.</summary>
    public ModelPreprocessing Preprocessing { get; }

    /// <summary>Which head the exported model had; it decides the aggregation.</summary>
    public EvaluationProtocol Protocol { get; }

    /// <summary>The cut-off: a patient whose probability is at least this is predicted positive.</summary>
    public double Threshold { get; }

    /// <summary>Names of class 0 and class 1.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>How slice outputs become the patient's probability, in words.</summary>
    public string Aggregation { get; }

    /// <summary>Opens an exported patient classifier.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="sessionOptions">ONNX Runtime's settings (execution provider, threads); its defaults when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model, or not a patient classifier exported by Wsp.Onnx, or of a newer format; the message names the file and says which.</exception>
    public static OnnxPatientClassifier Load(string path, SessionOptions? sessionOptions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such ONNX model file.", path);
        InferenceSession session;
        try
        {
            session = sessionOptions is null ? new InferenceSession(path) : new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{path}: not a model ONNX Runtime can load ({e.Message.Split('\n')[0]}).", e);
        }
        try
        {
            return new OnnxPatientClassifier(session, path);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Predicts for a volume on disk.</summary>
    /// <param name="imagePath">The patient's NIfTI image (.nii, .nii.gz, .hdr/.img).</param>
    /// <param name="labelMapPath">Its organ label map on the same grid, needed when <see cref="ModelPreprocessing.NeedsLabelMap"/>.</param>
    /// <param name="patientId">The name the answer carries; the file name without its extension by default.</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">The volume cannot be used; the message names the patient, the file and the reason.</exception>
    public PatientClassification Predict(string imagePath, string? labelMapPath = null, string? patientId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagePath);
        NiftiFile image = NiftiFile.Open(imagePath);
        NiftiFile? labelMap = labelMapPath is null ? null : NiftiFile.Open(labelMapPath);
        return Predict(image, labelMap, patientId);
    }

    /// <summary>Predicts for an opened volume.</summary>
    /// <param name="image">The patient's image.</param>
    /// <param name="labelMap">Its organ label map, needed when <see cref="ModelPreprocessing.NeedsLabelMap"/>; ignored otherwise.</param>
    /// <param name="patientId">The name the answer carries; the file name without its extension by default.</param>
    /// <exception cref="InvalidDataException">The volume cannot be used; the message names the patient, the file and the reason.</exception>
    public PatientClassification Predict(NiftiFile image, NiftiFile? labelMap = null, string? patientId = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using SliceStack stack = _slicer.Load(patientId ?? PatientIds.FromPath(image.HeaderPath), image, labelMap);
        return Predict(stack);
    }

    /// <summary>Predicts from slices made with <see cref="ModelPreprocessing.CreateSlicer"/>: the same evenly spread slices and the same aggregation as <see cref="PatientClassifier"/>.</summary>
    /// <param name="slices">The patient's kept slices.</param>
    /// <exception cref="InvalidDataException">The patient has no kept slice.</exception>
    public PatientClassification Predict(SliceStack slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        if (slices.Count == 0)
            throw new InvalidDataException($"Patient '{slices.SubjectId}' has no kept slice to predict from.");
        int[] chosen = EvaluationSampler.Spread([slices.Count], Preprocessing.SlicesPerPatient).Select(r => r.Slice).ToArray();
        float[] pixels;
        long[] shape;
        using (var scope = NewDisposeScope())
        {
            Tensor images = slices.Images.index_select(0, tensor(chosen.Select(i => (long)i).ToArray())).to(ScalarType.Float32).cpu().contiguous();
            pixels = images.data<float>().ToArray();
            shape = images.shape;
        }
        double[] logits = SliceLogits(pixels, shape);
        double[] sliceProbabilities = logits.Select(LogisticRegressionProbe.Sigmoid).ToArray();
        // The probe is linear, so the patient's decision is the sigmoid of the mean slice logit; fine-tuning averages probabilities.
        double patientProbability = Protocol == EvaluationProtocol.LinearProbe ? LogisticRegressionProbe.Sigmoid(logits.Average()) : sliceProbabilities.Average();
        int predicted = patientProbability >= Threshold ? 1 : 0;
        var perSlice = chosen.Select((k, i) => new SlicePrediction(slices.SliceIndices[k], slices.Positions[k], sliceProbabilities[i])).ToArray();
        return new PatientClassification(slices.SubjectId, patientProbability, Threshold, predicted, ClassNames[predicted], perSlice);
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private double[] SliceLogits(float[] pixels, long[] shape)
    {
        long n = shape[0], perSlice = pixels.Length / Math.Max(n, 1);
        var logits = new double[n];
        using var run = new RunOptions();
        for (long start = 0; start < n; start += BatchSize)
        {
            long count = Math.Min(BatchSize, n - start);
            float[] batch = pixels.AsSpan((int)(start * perSlice), (int)(count * perSlice)).ToArray();
            using OrtValue input = OrtValue.CreateTensorValueFromMemory(batch, [count, .. shape[1..]]);
            using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(run, [OnnxNames.Input], [input], [OnnxNames.SliceLogit]);
            ReadOnlySpan<float> values = outputs[0].GetTensorDataAsSpan<float>();
            for (int i = 0; i < count; i++)
                logits[start + i] = values[i];
        }
        return logits;
    }

    private string Text(string key) =>
        Metadata.TryGetValue(key, out string? value) ? value : throw Invalid($"has no '{key}' metadata");

    private InvalidDataException Invalid(string reason, Exception? inner = null) => new($"{ModelPath}: {reason}.", inner);
}
