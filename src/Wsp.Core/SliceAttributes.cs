using TorchSharp;
using static TorchSharp.torch;

namespace Wsp.Core;

/// <summary>
/// The attributes of a batch of N slices that kernels compare: weak labels, positions, sample
/// indices and named covariates, each a 1-D tensor of length N on the same device.
/// </summary>
/// <remarks>
/// Ownership: tensors passed to the constructor stay the caller's; the object never disposes them. Tensors the
/// object creates itself (in <see cref="FromArrays"/>, <see cref="OfCount"/>, <see cref="Narrow"/>,
/// <see cref="ForTwoViews"/>, and the default sample indices 0..N-1, made once) belong to it and are freed by
/// <see cref="Dispose"/> (or by the dispose scope they were made in). Shapes, dtypes and devices are checked when it
/// is built. Value checks (label range, finite positions) read the tensors on the host, so they run only when
/// <see cref="ValidateValues"/> is called.
/// </remarks>
public sealed class SliceAttributes : IDisposable
{
    private readonly Dictionary<string, Tensor> _covariates;
    private readonly List<Tensor> _owned = new();
    private Tensor? _defaultSampleIndices;

    /// <summary>Creates attributes for a batch; at least one tensor must be given.</summary>
    /// <param name="weakLabels">Integer weak label of each slice, shape [N]; a negative value means unknown, which no kernel pairs with anything.</param>
    /// <param name="positions">Floating-point normalised position of each slice, shape [N].</param>
    /// <param name="covariates">Extra named per-slice values, each of shape [N].</param>
    /// <param name="sampleIndices">Integer index identifying the source slice; defaults to 0..N-1 when read.</param>
    /// <exception cref="ArgumentException">A tensor is not 1-D, lengths or devices differ, or a dtype does not fit.</exception>
    public SliceAttributes(
        Tensor? weakLabels = null,
        Tensor? positions = null,
        IReadOnlyDictionary<string, Tensor>? covariates = null,
        Tensor? sampleIndices = null)
    {
        _covariates = covariates is null ? new Dictionary<string, Tensor>() : new Dictionary<string, Tensor>(covariates);
        WeakLabels = weakLabels;
        Positions = positions;
        SampleIndices = sampleIndices;

        Tensor? first = weakLabels ?? positions ?? sampleIndices ?? _covariates.Values.FirstOrDefault();
        if (first is null)
            throw new ArgumentException("Slice attributes need at least one of weak labels, positions, sample indices or a covariate.");
        Count = first.dim() == 1 ? first.shape[0] : -1;
        Device = first.device;

        CheckVector(weakLabels, nameof(weakLabels), integer: true);
        CheckVector(positions, nameof(positions), integer: false);
        CheckVector(sampleIndices, nameof(sampleIndices), integer: true);
        foreach (var (name, value) in _covariates)
            CheckVector(value, $"{nameof(covariates)}[\"{name}\"]", integer: null);
    }

    /// <summary>The number of slices N.</summary>
    public long Count { get; }

    /// <summary>The device all attribute tensors live on.</summary>
    public Device Device { get; }

    /// <summary>Integer weak labels [N] (negative: unknown), or null.</summary>
    public Tensor? WeakLabels { get; }

    /// <summary>Normalised positions [N], or null.</summary>
    public Tensor? Positions { get; }

    /// <summary>Explicit sample indices [N], or null (then 0..N-1 is used).</summary>
    public Tensor? SampleIndices { get; }

    /// <summary>Named covariates, each [N].</summary>
    public IReadOnlyDictionary<string, Tensor> Covariates => _covariates;

    /// <summary>Builds attributes from host arrays, on <paramref name="device"/> (CPU by default).</summary>
    /// <param name="weakLabels">Weak label of each slice, or null.</param>
    /// <param name="positions">Normalised position of each slice, or null.</param>
    /// <param name="device">Where to create the tensors.</param>
    public static SliceAttributes FromArrays(long[]? weakLabels, double[]? positions, Device? device = null)
    {
        device ??= CPU;
        return new SliceAttributes(
            weakLabels is null ? null : tensor(weakLabels, ScalarType.Int64, device),
            positions is null ? null : tensor(positions, ScalarType.Float64, device)).Owning();
    }

    /// <summary>
    /// Attributes of a batch that carries none but its size (for NT-Xent): the sample indices 0..N-1.
    /// </summary>
    /// <param name="count">The number of slices N.</param>
    /// <param name="device">Where to create the indices (CPU by default).</param>
    public static SliceAttributes OfCount(long count, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return new SliceAttributes(sampleIndices: arange(count, ScalarType.Int64, device ?? CPU)).Owning();
    }

    /// <summary>Whether the attribute is available (the sample index always is).</summary>
    /// <param name="attribute">The attribute to look for.</param>
    public bool Has(SliceAttribute attribute) => attribute.Kind switch
    {
        SliceAttributeKind.WeakLabel => WeakLabels is not null,
        SliceAttributeKind.Position => Positions is not null,
        SliceAttributeKind.SampleIndex => true,
        _ => _covariates.ContainsKey(attribute.CovariateName!),
    };

    /// <summary>Returns the tensor of an attribute, shape [N].</summary>
    /// <param name="attribute">The attribute to read.</param>
    /// <exception cref="ArgumentException">The attribute was not supplied.</exception>
    public Tensor Get(SliceAttribute attribute)
    {
        Tensor? value = attribute.Kind switch
        {
            SliceAttributeKind.WeakLabel => WeakLabels,
            SliceAttributeKind.Position => Positions,
            SliceAttributeKind.SampleIndex => SampleIndices ?? DefaultSampleIndices(),
            _ => _covariates.GetValueOrDefault(attribute.CovariateName!),
        };
        return value ?? throw new ArgumentException(
            $"A kernel reads the {attribute}, but the slice attributes have none; pass it when creating {nameof(SliceAttributes)}.",
            nameof(attribute));
    }

    /// <summary>Attributes of slices [start, start + length), as views of these tensors.</summary>
    /// <param name="start">First slice.</param>
    /// <param name="length">Number of slices.</param>
    public SliceAttributes Narrow(long start, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (start + length > Count)
            throw new ArgumentOutOfRangeException(nameof(length), $"Slices [{start}, {start + length}) are outside a batch of {Count}.");
        return new SliceAttributes(
            WeakLabels?.narrow(0, start, length),
            Positions?.narrow(0, start, length),
            _covariates.ToDictionary(p => p.Key, p => p.Value.narrow(0, start, length)),
            Get(SliceAttribute.SampleIndex).narrow(0, start, length)).Owning();
    }

    /// <summary>
    /// The attributes of the 2N embeddings of two augmented views: every attribute repeated, and the
    /// sample index of row t and row t + N equal.
    /// </summary>
    public SliceAttributes ForTwoViews()
    {
        static Tensor Twice(Tensor t) => cat(new[] { t, t });
        return new SliceAttributes(
            WeakLabels is null ? null : Twice(WeakLabels),
            Positions is null ? null : Twice(Positions),
            _covariates.ToDictionary(p => p.Key, p => Twice(p.Value)),
            Twice(Get(SliceAttribute.SampleIndex))).Owning();
    }

    /// <summary>Frees the tensors this object created (see the remarks); the caller's tensors are left alone.</summary>
    public void Dispose()
    {
        foreach (Tensor owned in _owned)
            owned.Dispose();
        _owned.Clear();
        _defaultSampleIndices = null;
    }

    // Made once and kept: kernels ask for the sample index of the same batch several times.
    private Tensor DefaultSampleIndices()
    {
        if (_defaultSampleIndices is null)
        {
            // Detached from any dispose scope: the cache outlives the scope of the call that first asked.
            _defaultSampleIndices = arange(Count, ScalarType.Int64, Device).DetachFromDisposeScope();
            _owned.Add(_defaultSampleIndices);
        }
        return _defaultSampleIndices;
    }

    // Marks every tensor of a freshly built instance as its own.
    private SliceAttributes Owning()
    {
        foreach (Tensor? t in new[] { WeakLabels, Positions, SampleIndices }.Concat(_covariates.Values))
            if (t is not null)
                _owned.Add(t);
        return this;
    }

    /// <summary>
    /// Checks the values on the host: weak labels and sample indices non-negative, positions and
    /// covariates finite. This synchronises with the device, so losses call it only when asked to.
    /// </summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the attribute and the first bad slice.</exception>
    public void ValidateValues()
    {
        using var scope = NewDisposeScope();
        CheckNonNegative(WeakLabels, "weakLabels");
        CheckNonNegative(SampleIndices, "sampleIndices");
        CheckFinite(Positions, "positions");
        foreach (var (name, value) in _covariates)
            CheckFinite(value, $"covariates[\"{name}\"]");
    }

    private void CheckVector(Tensor? value, string name, bool? integer)
    {
        if (value is null) return;
        if (value.dim() != 1 || value.shape[0] != Count)
            throw new ArgumentException(
                $"Every slice attribute must be a vector of the batch's length {Count}, but {name} has shape [{string.Join(", ", value.shape)}].", name);
        if (value.device_type != Device.type || value.device_index != Device.index)
            throw new ArgumentException($"All slice attributes must be on one device, but {name} is on {value.device} and the others on {Device}.", name);
        bool isFloat = is_floating_point(value.dtype);
        if (integer == true && (isFloat || value.dtype == ScalarType.Bool || is_complex(value.dtype)))
            throw new ArgumentException($"{name} must hold integers, but its dtype is {value.dtype}.", name);
        if (integer == false && !isFloat)
            throw new ArgumentException($"{name} must hold floating-point values, but its dtype is {value.dtype}.", name);
    }

    private static void CheckNonNegative(Tensor? value, string name)
    {
        if (value is null) return;
        var bad = value.lt(0).nonzero();
        if (bad.shape[0] > 0)
        {
            long index = bad[0, 0].item<long>();
            throw new ArgumentException($"{name} must be non-negative, but slice {index} has {value[index].ToInt64()}.", name);
        }
    }

    private static void CheckFinite(Tensor? value, string name)
    {
        if (value is null) return;
        var bad = value.isfinite().logical_not().nonzero();
        if (bad.shape[0] > 0)
        {
            long index = bad[0, 0].item<long>();
            throw new ArgumentException($"{name} must be finite, but slice {index} has {value[index].ToDouble()}.", name);
        }
    }
}
