using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp.Modules;
using Wsp.Core.IO;
using static TorchSharp.torch;

namespace Wsp.Training.Checkpoints;

/// <summary>
/// Per-epoch checkpoints of a training run in one folder: <c>epoch-NNNN/</c> holds the model, the optimiser, the
/// random state, <c>state.json</c> (epoch, losses, global step and the run's <see cref="TrainingSettings"/>) and
/// <c>manifest.json</c> (size and SHA-256 of every other file), and the <c>latest</c> file names the newest.
/// </summary>
/// <remarks>
/// A checkpoint is written into <c>epoch-NNNN.partial</c>, renamed when complete, and only then does <c>latest</c>
/// switch (atomically) and are older epochs removed, so a crash at any point leaves a complete checkpoint. On restore
/// every file is verified against the manifest, the state against itself and the run, and the settings against the
/// run's: a corrupted checkpoint or one of other settings is refused with an <see cref="InvalidDataException"/> that
/// names the folder and the reason, never resumed silently. A missing <c>latest</c> is recovered from the newest
/// complete, verified epoch folder, with a warning in the log.
/// </remarks>
public sealed partial class CheckpointStore
{
    /// <summary>The checkpoint format this version writes and reads.</summary>
    public const int FormatVersion = 2;

    private const string LatestFile = "latest";
    private const string StateFile = "state.json";
    private const string ManifestFile = "manifest.json";
    private const string ModelFile = "model.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string RandomStateFile = "rng.bin";
    private readonly TrainingSettings _settings;
    private readonly ILogger _logger;

    /// <summary>Creates the store; nothing is read or written until <see cref="TryRestore"/> or <see cref="Save"/>.</summary>
    /// <param name="directory">The run's checkpoint folder.</param>
    /// <param name="settings">The run's settings, recorded in every checkpoint and compared on restore.</param>
    /// <param name="logger">Receives resume and recovery lines; none by default.</param>
    public CheckpointStore(string directory, TrainingSettings settings, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(settings);
        Directory = directory;
        _settings = settings;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The checkpoint folder.</summary>
    public string Directory { get; }

    /// <summary>
    /// Restores the newest checkpoint into <paramref name="model"/>, <paramref name="optimizer"/> and libtorch's CPU
    /// random state, and returns its state; null when the folder holds no complete checkpoint.
    /// </summary>
    /// <param name="model">The model, of the architecture that was saved.</param>
    /// <param name="optimizer">The optimiser over the model's parameters.</param>
    /// <param name="totalEpochs">Epochs of the run: a checkpoint beyond them is refused.</param>
    /// <exception cref="InvalidDataException">The checkpoint is corrupted, inconsistent or of other settings.</exception>
    public CheckpointState? TryRestore(nn.Module model, OptimizerHelper optimizer, int totalEpochs)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!System.IO.Directory.Exists(Directory)) return null;
        (string? folder, bool verified) = FindCheckpoint();
        if (folder is null) return null;
        try
        {
            // A recovered folder was verified while it was chosen; every file is hashed once.
            if (!verified)
                VerifyManifest(folder);
            var stored = ReadState(folder);
            Check(stored, totalEpochs);
            IReadOnlyList<string> differences = _settings.DifferencesFrom(stored.Settings!);
            if (differences.Count > 0)
                throw new InvalidDataException("it was made with other settings (" + string.Join("; ", differences)
                    + "); use another checkpoint folder for these settings, or delete this one to start afresh");
            byte[] random = File.ReadAllBytes(Path.Combine(folder, RandomStateFile));
            using (Tensor current = TorchSharp.torch.random.get_rng_state())
            {
                // libtorch aborts the process on a random state of the wrong size: check it here first.
                if (random.Length != current.shape[0])
                    throw new InvalidDataException($"{RandomStateFile} holds {random.Length} bytes, but libtorch's random state has {current.shape[0]}");
            }
            model.load(Path.Combine(folder, ModelFile));
            LoadOptimizer(optimizer, Path.Combine(folder, OptimizerFile));
            using (Tensor state = tensor(random, ScalarType.Byte))
                TorchSharp.torch.random.set_rng_state(state);
            LogResume(_logger, folder, stored.Epoch);
            return new CheckpointState(stored.Epoch, stored.EpochLosses!, stored.ValidationLosses ?? [], stored.GlobalStep);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException
            or ArgumentException or System.Runtime.InteropServices.ExternalException)
        {
            throw new InvalidDataException($"Cannot resume from checkpoint {folder}: {e.Message}", e);
        }
    }

    /// <summary>Writes the checkpoint after an epoch; a crash while saving leaves the previous one readable.</summary>
    /// <param name="state">Where the run stands.</param>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimiser.</param>
    public void Save(CheckpointState state, nn.Module model, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        System.IO.Directory.CreateDirectory(Directory);
        string pointer = Path.Combine(Directory, LatestFile);
        if (System.IO.Directory.Exists(pointer))
            throw new IOException($"{pointer} is a folder; the checkpoint store needs that name for its pointer file. Remove the folder.");
        string name = FolderName(state.Epoch);
        string folder = Path.Combine(Directory, name);
        string staging = folder + ".partial";
        if (System.IO.Directory.Exists(staging)) System.IO.Directory.Delete(staging, recursive: true);
        System.IO.Directory.CreateDirectory(staging);
        model.save(Path.Combine(staging, ModelFile));
        optimizer.save_state_dict(Path.Combine(staging, OptimizerFile));
        using (Tensor random = TorchSharp.torch.random.get_rng_state())
            File.WriteAllBytes(Path.Combine(staging, RandomStateFile), random.data<byte>().ToArray());
        var stored = new StoredState(FormatVersion, WriterVersion, state.Epoch, state.EpochLosses.ToArray(), state.ValidationLosses.ToArray(),
            state.GlobalStep, new Dictionary<string, string>(_settings.Values, StringComparer.Ordinal));
        File.WriteAllText(Path.Combine(staging, StateFile), JsonSerializer.Serialize(stored, JsonOptions));
        // The manifest comes last: a folder with a manifest that verifies is complete.
        var manifest = new Manifest(FormatVersion, new[] { ModelFile, OptimizerFile, RandomStateFile, StateFile }
            .Select(file => Describe(Path.Combine(staging, file))).ToArray());
        File.WriteAllText(Path.Combine(staging, ManifestFile), JsonSerializer.Serialize(manifest, JsonOptions));
        if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
        System.IO.Directory.Move(staging, folder);

        AtomicFile.WriteAllText(pointer, name);
        foreach (string old in System.IO.Directory.GetDirectories(Directory, "epoch-*").Where(d => Path.GetFileName(d) != name))
            System.IO.Directory.Delete(old, recursive: true);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static string WriterVersion => typeof(CheckpointStore).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static string FolderName(int epoch) => "epoch-" + epoch.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>
    /// The folder named by <c>latest</c> (not yet verified), or else the newest complete epoch folder, verified in
    /// choosing it; no folder when there is no checkpoint.
    /// </summary>
    private (string? Folder, bool Verified) FindCheckpoint()
    {
        string pointer = Path.Combine(Directory, LatestFile);
        if (System.IO.Directory.Exists(pointer))
            throw new InvalidDataException($"Cannot resume from checkpoints in {Directory}: {pointer} is a folder, not the pointer file. Remove it; the newest epoch folder is then recovered.");
        if (File.Exists(pointer))
        {
            string named = File.ReadAllText(pointer).Trim();
            if (named.Length == 0 || named.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || !named.StartsWith("epoch-", StringComparison.Ordinal))
                throw new InvalidDataException($"Cannot resume from checkpoints in {Directory}: {pointer} does not name an epoch folder ('{named}').");
            string folder = Path.Combine(Directory, named);
            if (!System.IO.Directory.Exists(folder))
                throw new InvalidDataException($"Cannot resume from checkpoints in {Directory}: {pointer} names {named}, which does not exist.");
            return (folder, false);
        }
        var candidates = System.IO.Directory.GetDirectories(Directory, "epoch-*")
            .Where(d => !d.EndsWith(".partial", StringComparison.Ordinal))
            .OrderByDescending(d => Path.GetFileName(d), StringComparer.Ordinal)
            .ToArray();
        var rejected = new List<string>();
        foreach (string folder in candidates)
        {
            try
            {
                VerifyManifest(folder);
                LogRecovered(_logger, Path.Combine(Directory, LatestFile), folder);
                return (folder, true);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or JsonException)
            {
                LogRejected(_logger, folder, e.Message);
                rejected.Add($"{Path.GetFileName(folder)}: {e.Message}");
            }
        }
        if (rejected.Count > 0)
            throw new InvalidDataException($"Cannot resume from checkpoints in {Directory}: the 'latest' pointer is missing and no epoch folder verifies ({string.Join("; ", rejected)}).");
        return (null, false);
    }

    private static void VerifyManifest(string folder)
    {
        string path = Path.Combine(folder, ManifestFile);
        if (!File.Exists(path))
            throw new InvalidDataException(File.Exists(Path.Combine(folder, StateFile))
                ? $"it has no {ManifestFile}: it was written by an earlier Wsp without checksums; delete it to start afresh"
                : $"it has no {ManifestFile}: it is incomplete");
        Manifest manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{ManifestFile} is empty");
        if (manifest.Format > FormatVersion)
            throw new InvalidDataException($"it is of checkpoint format {manifest.Format}, newer than this Wsp's {FormatVersion}; update Wsp");
        var expected = new[] { ModelFile, OptimizerFile, RandomStateFile, StateFile };
        if (manifest.Files is null || !expected.All(f => manifest.Files.Any(m => m.Name == f)))
            throw new InvalidDataException($"{ManifestFile} does not list {string.Join(", ", expected)}");
        foreach (ManifestEntry entry in manifest.Files)
        {
            if (!expected.Contains(entry.Name))
                throw new InvalidDataException($"{ManifestFile} lists an unexpected file '{entry.Name}'");
            string file = Path.Combine(folder, entry.Name);
            if (!File.Exists(file))
                throw new InvalidDataException($"{entry.Name} is missing");
            ManifestEntry actual = Describe(file);
            if (actual.Bytes != entry.Bytes)
                throw new InvalidDataException($"{entry.Name} has {actual.Bytes} bytes, but {entry.Bytes} were written (truncated or replaced)");
            if (!string.Equals(actual.Sha256, entry.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"{entry.Name} does not match its SHA-256 checksum (corrupted)");
        }
    }

    private static StoredState ReadState(string folder)
    {
        StoredState state = JsonSerializer.Deserialize<StoredState>(File.ReadAllText(Path.Combine(folder, StateFile)))
            ?? throw new InvalidDataException($"{StateFile} is empty");
        if (state.EpochLosses is null || state.Settings is null)
            throw new InvalidDataException($"{StateFile} lacks its losses or settings");
        return state;
    }

    private static void Check(StoredState state, int totalEpochs)
    {
        if (state.Epoch < 1 || state.Epoch > totalEpochs)
            throw new InvalidDataException($"{StateFile} says epoch {state.Epoch}, outside the run's 1..{totalEpochs}");
        if (state.EpochLosses!.Length != state.Epoch)
            throw new InvalidDataException($"{StateFile} says epoch {state.Epoch} but holds {state.EpochLosses.Length} epoch losses");
        int validated = state.ValidationLosses?.Length ?? 0;
        if (validated > state.Epoch)
            throw new InvalidDataException($"{StateFile} holds {validated} validation losses for {state.Epoch} epochs");
        if (state.GlobalStep < state.Epoch)
            throw new InvalidDataException($"{StateFile} says {state.GlobalStep} steps for {state.Epoch} epochs, and every epoch has at least one");
        if (state.EpochLosses.Concat(state.ValidationLosses ?? []).Any(l => !double.IsFinite(l)))
            throw new InvalidDataException($"{StateFile} holds a loss that is not a finite number");
    }

    /// <summary>
    /// Loads the optimiser's state. TorchSharp's reader refuses a state saved under another type name; Wsp's
    /// contiguous optimisers save exactly TorchSharp's layout, so a state of <c>Adam</c> loads into
    /// <see cref="Optimizers.ContiguousAdam"/> and back (checkpoints written before it keep resuming).
    /// </summary>
    private static void LoadOptimizer(OptimizerHelper optimizer, string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        string saved;
        int headerLength;
        using (var reader = new BinaryReader(new MemoryStream(bytes, writable: false)))
        {
            saved = reader.ReadString();
            headerLength = (int)reader.BaseStream.Position;
        }
        string expected = optimizer.GetType().Name;
        if (Family(saved) != Family(expected))
            throw new InvalidDataException($"{OptimizerFile} holds the state of a {saved} optimiser, but this run's is {expected}");
        using var stream = new MemoryStream(bytes.Length + expected.Length);
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            writer.Write(expected);
        stream.Write(bytes, headerLength, bytes.Length - headerLength);
        stream.Position = 0;
        using var rest = new BinaryReader(stream);
        optimizer.load_state_dict(rest);
    }

    private static string Family(string optimizerName) =>
        optimizerName.StartsWith("Contiguous", StringComparison.Ordinal) ? optimizerName["Contiguous".Length..] : optimizerName;

    private static ManifestEntry Describe(string file)
    {
        using FileStream stream = File.OpenRead(file);
        byte[] hash = SHA256.HashData(stream);
        return new ManifestEntry(Path.GetFileName(file), stream.Length, Convert.ToHexString(hash));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming from {Folder} after epoch {Epoch}")]
    private static partial void LogResume(ILogger logger, string folder, int epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Pointer} is missing; recovered the newest complete, verified checkpoint {Folder}")]
    private static partial void LogRecovered(ILogger logger, string pointer, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping checkpoint {Folder}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string folder, string reason);

    private sealed record StoredState(int Format, string WrittenBy, int Epoch, double[]? EpochLosses, double[]? ValidationLosses,
        long GlobalStep, Dictionary<string, string>? Settings);

    private sealed record Manifest(int Format, ManifestEntry[]? Files);

    private sealed record ManifestEntry(string Name, long Bytes, string Sha256);
}
