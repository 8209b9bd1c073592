using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using Wsp.Core.IO;

namespace Wsp.Training.Encoders;

/// <summary>
/// Exchanges encoder weights with PyTorch through TorchSharp.PyBridge: saves a state dict that
/// <c>torch.load</c> reads, and loads PyTorch state dicts or checkpoints (a Lightning checkpoint keeps them
/// under <c>state_dict</c>, its keys prefixed by the attribute that held the network, e.g. <c>net.</c>).
/// </summary>
public static class PyTorchWeights
{
    /// <summary>Saves every parameter and buffer of <paramref name="encoder"/> as a PyTorch state dict.</summary>
    /// <param name="encoder">The encoder.</param>
    /// <param name="path">Destination (.pt); written beside and renamed, so a failure leaves no partial file.</param>
    public static void Save(SliceEncoder encoder, string path)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.Write(path, temporary => encoder.save_py(temporary));
    }

    /// <summary>
    /// Loads the backbone weights of a PyTorch file into <paramref name="encoder"/>'s backbone: keys that
    /// start with <paramref name="prefix"/> are kept with the prefix removed (e.g. "net.", or "" for a plain
    /// torchvision ResNet state dict, whose "fc" keys are ignored). Returns the backbone keys the file did not
    /// provide.
    /// </summary>
    /// <param name="encoder">The encoder.</param>
    /// <param name="path">A state dict, or a checkpoint holding one under "state_dict".</param>
    /// <param name="prefix">Prefix of the backbone's keys in the file.</param>
    /// <exception cref="InvalidDataException">No key matches, or a tensor's shape differs (e.g. another architecture).</exception>
    public static IReadOnlyList<string> LoadBackbone(SliceEncoder encoder, string path, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(prefix);
        if (!File.Exists(path))
            throw new FileNotFoundException($"PyTorch weights not found: {path}", path);

        // Frees every tensor the file holds (a Lightning checkpoint also carries optimiser state); loading copies.
        using var scope = NewDisposeScope();
        Hashtable stateDict = PyTorchUnpickler.UnpickleStateDict(path);
        if (stateDict["state_dict"] is Hashtable nested)
            stateDict = nested;
        var expected = encoder.Backbone.state_dict();
        var selected = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in stateDict)
        {
            if (entry.Key is not string key || !key.StartsWith(prefix, StringComparison.Ordinal) || entry.Value is not Tensor value)
                continue;
            string name = key[prefix.Length..];
            if (!expected.TryGetValue(name, out Tensor? target))
                continue;
            if (!target.shape.SequenceEqual(value.shape))
                throw new InvalidDataException($"{path}: '{key}' has shape [{string.Join(", ", value.shape)}] but the {encoder.Architecture} backbone's '{name}' is [{string.Join(", ", target.shape)}]; the file is for another architecture or stem.");
            selected[name] = value;
        }
        if (selected.Count == 0)
            throw new InvalidDataException($"{path}: no key with prefix '{prefix}' matches the {encoder.Architecture} backbone (e.g. '{expected.Keys.First()}').");
        encoder.Backbone.load_state_dict(selected, strict: false);
        return expected.Keys.Where(k => !selected.ContainsKey(k)).ToArray();
    }
}
