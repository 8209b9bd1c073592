using static TorchSharp.torch;

namespace Wsp.Training;

/// <summary>Chooses the device to train on.</summary>
public static class TrainingDevice
{
    /// <summary>
    /// The device named (<c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>), or, when <paramref name="name"/> is null, CUDA when
    /// TorchSharp has a CUDA backend and a device, else the CPU.
    /// </summary>
    /// <param name="name">The device's name, or null to choose.</param>
    /// <exception cref="ArgumentException">The name is unknown, or CUDA was asked for and is not available; the message says why.</exception>
    public static Device Resolve(string? name = null)
    {
        if (name is null)
            return cuda.is_available() ? CUDA : CPU;
        string trimmed = name.Trim().ToLowerInvariant();
        if (trimmed == "cpu")
            return CPU;
        if (trimmed == "cuda" || trimmed.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new ArgumentException($"Device '{name}' was asked for, but no CUDA device is available to TorchSharp (is a CUDA backend package referenced?).", nameof(name));
            if (trimmed.Length > 5 && (!int.TryParse(trimmed.AsSpan(5), out int index) || index < 0 || index >= cuda.device_count()))
                throw new ArgumentException($"Device '{name}' does not exist: TorchSharp sees {cuda.device_count()} CUDA device(s).", nameof(name));
            return new Device(trimmed);
        }
        throw new ArgumentException($"Unknown device '{name}'; use cpu, cuda or cuda:N.", nameof(name));
    }
}
