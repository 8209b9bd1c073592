using Wsp.Data.Nifti;
using Wsp.Data.Sampling;
using Wsp.Data.Volumes;
using Wsp.Evaluation;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Models;

/// <summary>
/// A patient classifier a user keeps: a slice encoder with either a linear probe on the patient's mean representation
/// or its fine-tuned classifier head, the Youden cut-off chosen on its training patients, the preprocessing it was trained
/// with, its class names and its provenance. It is fitted by <see cref="PatientClassifierFitter"/>, saved as one file by
/// <see cref="Save"/>, read back by <see cref="Load"/>, and answers for a new volume with <see cref="Predict(string, string?, string?)"/>.
/// </summary>
public sealed class PatientClassifier : IDisposable
{
    /// <summary>The newest model file format this version reads and the one it writes.</summary>
    public const int FormatVersion = ModelFile.CurrentFormatVersion;

    // Slices per forward pass: at most this many pixels (four 512 x 512 slices, 64 slices at 128 px, 256 at 64 px).
    // libtorch's CPU convolutions slow down sharply once a batch's activations outgrow the caches: ResNet-18 on 16
    // slices at 512 px took 19 s in one batch and 4.7 s in batches of four (benchmarks/README.md).
    private const long PixelsPerBatch = 4L * 512 * 512;

    internal PatientClassifier(SliceEncoder encoder, EvaluationProtocol protocol, LogisticRegressionProbe? probe, ModelPreprocessing preprocessing,
        double threshold, IReadOnlyList<string> classNames, ModelProvenance provenance, ModelFitSummary fit)
    {
        if (protocol == EvaluationProtocol.LinearProbe && probe is null)
            throw new ArgumentNullException(nameof(probe), "A linear-probe model needs its probe.");
        if (classNames.Count != 2 || classNames.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("A patient classifier needs two class names, neither empty.", nameof(classNames));
        Encoder = encoder;
        Protocol = protocol;
        Probe = probe;
        Preprocessing = preprocessing;
        Threshold = threshold;
        ClassNames = classNames.ToArray();
        Provenance = provenance;
        Fit = fit;
        _slicer = preprocessing.CreateSlicer();
        encoder.eval();
    }

    private readonly VolumeSlicer _slicer;

    /// <summary>The encoder (in evaluation mode; the classifier owns and disposes it).</summary>
    public SliceEncoder Encoder { get; }

    /// <summary>Which head decides: the linear probe on frozen representations, or the fine-tuned classifier head.</summary>
    public EvaluationProtocol Protocol { get; }

    /// <summary>The linear probe, for <see cref="EvaluationProtocol.LinearProbe"/> models; null otherwise.</summary>
    public LogisticRegressionProbe? Probe { get; }

    /// <summary>How volumes become slices.</summary>
    public ModelPreprocessing Preprocessing { get; }

    /// <summary>The cut-off: a patient whose probability is at least this is predicted positive (Youden's J on the training patients).</summary>
    public double Threshold { get; }

    /// <summary>Names of class 0 and class 1.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>How the encoder was pretrained and what wrote the model.</summary>
    public ModelProvenance Provenance { get; }

    /// <summary>What the head was fitted on.</summary>
    public ModelFitSummary Fit { get; }

    /// <summary>How slice outputs become the patient's probability.</summary>
    public string Aggregation => Protocol == EvaluationProtocol.LinearProbe
        ? "the probe on the mean representation of the evaluated slices (the sigmoid of their mean logit, the probe being linear)"
        : "the mean of the evaluated slices' probabilities";

    /// <summary>Predicts for a volume on disk.</summary>
    /// <param name="imagePath">The patient's NIfTI image (.nii, .nii.gz, .hdr/.img).</param>
    /// <param name="labelMapPath">Its organ label map on the same grid, needed when <see cref="ModelPreprocessing.NeedsLabelMap"/>.</param>
    /// <param name="patientId">The name the answer carries; the file name without its extension by default.</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">The volume cannot be used (its format, a missing or off-grid label map); the message names the patient, the file and the reason.</exception>
    public PatientClassification Predict(string imagePath, string? labelMapPath = null, string? patientId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(imagePath);
        NiftiFile image = NiftiFile.Open(imagePath);
        NiftiFile? labelMap = labelMapPath is null ? null : NiftiFile.Open(labelMapPath);
        return Predict(image, labelMap, patientId);
    }

    /// <summary>Predicts for an opened volume.</summary>
    /// <param name="image">The patient's image.</param>
    /// <param name="labelMap">Its organ label map on the same grid, needed when <see cref="ModelPreprocessing.NeedsLabelMap"/>; ignored otherwise.</param>
    /// <param name="patientId">The name the answer carries; the file name without its extension by default.</param>
    /// <exception cref="InvalidDataException">The volume cannot be used; the message names the patient, the file and the reason.</exception>
    public PatientClassification Predict(NiftiFile image, NiftiFile? labelMap = null, string? patientId = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        string id = patientId ?? PatientIds.FromPath(image.HeaderPath);
        using SliceStack stack = _slicer.Load(id, image, labelMap);
        return Predict(stack);
    }

    /// <summary>Predicts from slices already made with <see cref="ModelPreprocessing.CreateSlicer"/>.</summary>
    /// <param name="slices">The patient's kept slices.</param>
    public PatientClassification Predict(SliceStack slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        if (slices.Count == 0)
            throw new InvalidDataException($"Patient '{slices.SubjectId}' has no kept slice to predict from.");
        int[] chosen = EvaluationSampler.Spread([slices.Count], Preprocessing.SlicesPerPatient).Select(r => r.Slice).ToArray();
        double[] sliceProbabilities;
        double patientProbability;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            Device device = Encoder.parameters().First().device;
            Tensor images = slices.Images.index_select(0, tensor(chosen.Select(i => (long)i).ToArray())).to(device);
            if (Protocol == EvaluationProtocol.LinearProbe)
            {
                double[][] representations = Rows(Batched(images, Encoder.Represent), Encoder.RepresentationSize);
                double[] logits = representations.Select(r => Probe!.Logit(r)).ToArray();
                sliceProbabilities = logits.Select(LogisticRegressionProbe.Sigmoid).ToArray();
                patientProbability = LogisticRegressionProbe.Sigmoid(logits.Average());
            }
            else
            {
                Tensor probabilities = nn.functional.softmax(Batched(images, Encoder.Classify).to(ScalarType.Float64), 1)[.., 1];
                sliceProbabilities = probabilities.cpu().data<double>().ToArray();
                patientProbability = sliceProbabilities.Average();
            }
        }
        int predicted = patientProbability >= Threshold ? 1 : 0;
        var perSlice = chosen.Select((k, i) => new SlicePrediction(slices.SliceIndices[k], slices.Positions[k], sliceProbabilities[i])).ToArray();
        return new PatientClassification(slices.SubjectId, patientProbability, Threshold, predicted, ClassNames[predicted], perSlice);
    }

    /// <summary>Writes the model as one file, atomically: a reader never sees half of it, and a failure leaves an existing file as it was.</summary>
    /// <param name="path">The destination (conventionally <c>.wspmodel</c>).</param>
    public void Save(string path) => ModelFile.Write(this, path);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="device">Where the encoder goes; the CPU by default.</param>
    /// <exception cref="ModelFormatException">The file is missing, truncated or damaged, not a Wsp model, or of a newer format version; the message names the file and says which.</exception>
    public static PatientClassifier Load(string path, Device? device = null) => ModelFile.Read(path, device ?? CPU);

    /// <inheritdoc />
    public void Dispose() => Encoder.Dispose();

    private static Tensor Batched(Tensor images, Func<Tensor, Tensor> network)
    {
        long n = images.shape[0];
        long batch = Math.Max(1, PixelsPerBatch / (images.shape[^1] * images.shape[^2]));
        if (n <= batch)
            return network(images);
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += batch)
            parts.Add(network(images.narrow(0, start, Math.Min(batch, n - start))));
        return cat(parts, 0);
    }

    private static double[][] Rows(Tensor matrix, int width)
    {
        double[] values = matrix.to(ScalarType.Float64).cpu().data<double>().ToArray();
        return Enumerable.Range(0, values.Length / width).Select(i => values.AsSpan(i * width, width).ToArray()).ToArray();
    }
}
