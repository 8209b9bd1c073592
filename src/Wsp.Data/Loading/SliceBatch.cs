using Wsp.Core;
using static TorchSharp.torch;

namespace Wsp.Data.Loading;

/// <summary>A collated batch of slices on the CPU; the consumer owns it and disposes it.</summary>
public sealed class SliceBatch : IDisposable
{
    private readonly List<Tensor> _deviceCopies = new();
    private Action? _onDisposed;

    internal SliceBatch(Tensor images, Tensor weakLabels, Tensor strongLabels, Tensor positions, Tensor patients, IReadOnlyList<string> subjectIds)
    {
        Images = images;
        WeakLabels = weakLabels;
        StrongLabels = strongLabels;
        Positions = positions;
        PatientIndices = patients;
        SubjectIds = subjectIds;
    }

    /// <summary>[B, 1, S, S] float32 images.</summary>
    public Tensor Images { get; }

    /// <summary>[B] int64 weak labels (-1 where unknown).</summary>
    public Tensor WeakLabels { get; }

    /// <summary>[B] int64 strong labels (-1 where unknown).</summary>
    public Tensor StrongLabels { get; }

    /// <summary>[B] float64 normalised slice positions.</summary>
    public Tensor Positions { get; }

    /// <summary>[B] int64 index of each slice's patient in the cohort.</summary>
    public Tensor PatientIndices { get; }

    /// <summary>Subject identifier of each slice.</summary>
    public IReadOnlyList<string> SubjectIds { get; }

    /// <summary>Number of slices.</summary>
    public int Count => SubjectIds.Count;

    /// <summary>Weak labels and positions as loss attributes, on <paramref name="device"/> (CPU by default).</summary>
    /// <param name="device">The embeddings' device.</param>
    /// <remarks>Copies made for another device belong to the batch and are disposed with it.</remarks>
    public SliceAttributes ToAttributes(Device? device = null)
    {
        if (device is null)
            return new SliceAttributes(weakLabels: WeakLabels, positions: Positions);
        Tensor weak = WeakLabels.to(device), positions = Positions.to(device);
        _deviceCopies.Add(weak);
        _deviceCopies.Add(positions);
        return new SliceAttributes(weakLabels: weak, positions: positions);
    }

    /// <summary>The images on <paramref name="device"/>: <see cref="Images"/> itself on the CPU, else a copy that belongs to the batch and is disposed with it.</summary>
    /// <param name="device">The encoder's device.</param>
    public Tensor ImagesOn(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.type == Images.device_type && device.index == Images.device_index)
            return Images;
        Tensor copy = Images.to(device);
        _deviceCopies.Add(copy);
        return copy;
    }

    /// <summary>Runs <paramref name="action"/> once, when the batch is first disposed (returns its bytes to the loader's budget).</summary>
    internal void OnDisposed(Action action) => _onDisposed = action;

    /// <inheritdoc />
    public void Dispose()
    {
        Interlocked.Exchange(ref _onDisposed, null)?.Invoke();
        foreach (Tensor copy in _deviceCopies)
            copy.Dispose();
        _deviceCopies.Clear();
        Images.Dispose();
        WeakLabels.Dispose();
        StrongLabels.Dispose();
        Positions.Dispose();
        PatientIndices.Dispose();
    }
}
