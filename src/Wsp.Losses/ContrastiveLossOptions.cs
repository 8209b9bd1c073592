namespace Wsp.Losses;

/// <summary>Settings shared by every kernel contrastive loss. Losses copy and validate them when constructed.</summary>
public sealed class ContrastiveLossOptions
{
    /// <summary>Softmax temperature tau; similarities are cosine / tau. Default 0.1 (the paper's).</summary>
    public double Temperature { get; set; } = 0.1;

    /// <summary>Weight normalisation and loss scaling. Default <see cref="ContrastiveNormalization.PerAnchor"/>.</summary>
    public ContrastiveNormalization Normalization { get; set; } = ContrastiveNormalization.PerAnchor;

    /// <summary>
    /// Anchors processed at once. Memory grows with RowChunkSize x 2N instead of (2N)^2, which lets
    /// N = 8192 train on a CPU within a few hundred MB. Null (the default) picks about 4 million
    /// pair entries per chunk; results do not depend on it beyond rounding.
    /// </summary>
    public int? RowChunkSize { get; set; }

    /// <summary>
    /// Check attribute values on every call (non-negative labels, finite positions). Off by default
    /// because it reads values on the host, which synchronises a GPU; turn it on while debugging data.
    /// Shapes, dtypes and devices are always checked.
    /// </summary>
    public bool ValidateAttributeValues { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Temperature) || Temperature <= 0)
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "The temperature must be a finite number greater than 0.");
        if (!Enum.IsDefined(Normalization))
            throw new ArgumentOutOfRangeException(nameof(Normalization), Normalization, "Unknown normalisation.");
        if (RowChunkSize is <= 0)
            throw new ArgumentOutOfRangeException(nameof(RowChunkSize), RowChunkSize, "The row chunk size must be at least 1 (or null for automatic).");
    }

    /// <summary>A copy, so that later changes by the caller do not affect a constructed loss.</summary>
    public ContrastiveLossOptions Clone() => (ContrastiveLossOptions)MemberwiseClone();
}
