using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using TorchSharp;
using Wsp.Core.IO;
using Wsp.Evaluation;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Models;

/// <summary>
/// The model file: a zip archive holding <c>model.json</c> (everything but the weights, readable by people and other
/// tools) and <c>encoder.bin</c> (TorchSharp's state dictionary of the encoder), whose SHA-256 the JSON records.
/// </summary>
internal static class ModelFile
{
    public const int CurrentFormatVersion = 1;
    private const string ManifestEntry = "model.json";
    private const string WeightsEntry = "encoder.bin";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public static string PackageVersion { get; } =
        typeof(ModelFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static void Write(PatientClassifier model, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        byte[] weights = Weights(model.Encoder);
        ModelManifest manifest = Manifest(model, Convert.ToHexString(SHA256.HashData(weights)));
        AtomicFile.Write(path, temporary =>
        {
            using var archive = ZipFile.Open(temporary, ZipArchiveMode.Create);
            using (Stream entry = archive.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
                JsonSerializer.Serialize(entry, manifest, Json);
            using (Stream entry = archive.CreateEntry(WeightsEntry, CompressionLevel.Fastest).Open())
                entry.Write(weights);
        });
    }

    public static PatientClassifier Read(string path, Device device)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new ModelFormatException(path, Directory.Exists(path) ? "is a folder, not a model file" : "no such model file");
        ModelManifest manifest;
        byte[] weights;
        try
        {
            using ZipArchive archive = ZipFile.OpenRead(path);
            manifest = JsonSerializer.Deserialize<ModelManifest>(ReadEntry(archive, ManifestEntry, path), Json)
                ?? throw new ModelFormatException(path, $"its {ManifestEntry} is empty");
            CheckVersion(manifest, path);
            weights = ReadEntry(archive, WeightsEntry, path);
        }
        catch (Exception e) when (e is not ModelFormatException && e is InvalidDataException or JsonException or IOException or NotSupportedException)
        {
            throw new ModelFormatException(path, $"not a readable Wsp model (truncated, damaged or another kind of file): {e.Message}", e);
        }
        if (!Convert.ToHexString(SHA256.HashData(weights)).Equals(manifest.Encoder.WeightsSha256, StringComparison.OrdinalIgnoreCase))
            throw new ModelFormatException(path, $"the encoder weights do not match the SHA-256 recorded in {ManifestEntry}: the file is damaged");
        try
        {
            return Build(manifest, weights, device);
        }
        catch (Exception e) when (e is not (ModelFormatException or OutOfMemoryException or OperationCanceledException))
        {
            throw new ModelFormatException(path, $"its content is inconsistent: {e.Message}", e);
        }
    }

    private static void CheckVersion(ModelManifest manifest, string path)
    {
        if (manifest.FormatVersion > CurrentFormatVersion)
            throw new ModelFormatException(path, $"the model has format version {manifest.FormatVersion} (written by Wsp.Models {manifest.WrittenBy}); " +
                $"this Wsp.Models {PackageVersion} reads format versions up to {CurrentFormatVersion}: update Wsp");
        if (manifest.FormatVersion < 1)
            throw new ModelFormatException(path, $"format version {manifest.FormatVersion} is not a Wsp model format");
    }

    private static byte[] ReadEntry(ZipArchive archive, string name, string path)
    {
        ZipArchiveEntry entry = archive.GetEntry(name) ?? throw new ModelFormatException(path, $"it holds no {name}: not a Wsp model");
        using Stream stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer); // the zip layer checks the entry's CRC-32 at its end
        return buffer.ToArray();
    }

    private static byte[] Weights(SliceEncoder encoder)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            encoder.save(writer);
        return buffer.ToArray();
    }

    private static ModelManifest Manifest(PatientClassifier model, string weightsHash)
    {
        EncoderOptions options = model.Encoder.Options
            ?? throw new InvalidOperationException("The encoder was not built by EncoderFactory, so a model cannot record how to rebuild it.");
        LogisticRegressionProbe? probe = model.Probe;
        return new ModelManifest
        {
            FormatVersion = CurrentFormatVersion,
            WrittenBy = PackageVersion,
            CreatedUtc = model.Provenance.CreatedUtc,
            Protocol = model.Protocol.ToString(),
            Encoder = new ModelManifest.EncoderSection
            {
                Architecture = options.Architecture.ToString(),
                InputChannels = options.InputChannels,
                TinyNetRepresentationSize = options.TinyNetRepresentationSize,
                ProjectionSizes = options.ProjectionSizes.ToArray(),
                ClassCount = options.ClassCount,
                WeightsSha256 = weightsHash,
            },
            Preprocessing = model.Preprocessing.ToMetadata().ToDictionary(),
            Aggregation = model.Aggregation,
            Threshold = model.Threshold,
            ClassNames = model.ClassNames.ToArray(),
            Probe = probe is null ? null : new ModelManifest.ProbeSection
            {
                Weights = probe.Weights.ToArray(),
                Intercept = probe.Intercept,
                Mean = probe.Mean.ToArray(),
                Scale = probe.Scale.ToArray(),
            },
            PretrainingMethod = model.Provenance.PretrainingMethod,
            PretrainingSettings = model.Provenance.Settings.ToDictionary(),
            Fit = model.Fit,
        };
    }

    private static PatientClassifier Build(ModelManifest manifest, byte[] weights, Device device)
    {
        EvaluationProtocol protocol = Enum.TryParse(manifest.Protocol, out EvaluationProtocol parsed) && Enum.IsDefined(parsed)
            ? parsed : throw new InvalidDataException($"unknown protocol '{manifest.Protocol}'");
        var options = new EncoderOptions
        {
            Architecture = Enum.Parse<EncoderArchitecture>(manifest.Encoder.Architecture),
            InputChannels = manifest.Encoder.InputChannels,
            TinyNetRepresentationSize = manifest.Encoder.TinyNetRepresentationSize,
            ProjectionSizes = manifest.Encoder.ProjectionSizes,
            ClassCount = manifest.Encoder.ClassCount,
        };
        options.Validate();
        LogisticRegressionProbe? probe = manifest.Probe is { } p ? LogisticRegressionProbe.FromParameters(p.Weights, p.Intercept, p.Mean, p.Scale) : null;
        SliceEncoder encoder = EncoderFactory.Create(options, seed: 0, device: CPU);
        try
        {
            if (probe is not null && probe.Weights.Count != encoder.RepresentationSize)
                throw new InvalidDataException($"the probe has {probe.Weights.Count} weights for a representation of {encoder.RepresentationSize}");
            using (var reader = new BinaryReader(new MemoryStream(weights)))
                encoder.load(reader);
            encoder.to(device);
            var provenance = new ModelProvenance(manifest.PretrainingMethod, manifest.PretrainingSettings, manifest.WrittenBy, manifest.CreatedUtc);
            return new PatientClassifier(encoder, protocol, probe, ModelPreprocessing.FromMetadata(manifest.Preprocessing), manifest.Threshold,
                manifest.ClassNames, provenance, manifest.Fit ?? new ModelFitSummary(0, 0, double.NaN));
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }
}
