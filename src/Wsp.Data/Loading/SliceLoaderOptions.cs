namespace Wsp.Data.Loading;

/// <summary>Settings of <see cref="SliceLoader"/>.</summary>
public sealed class SliceLoaderOptions
{
    /// <summary>Background workers that decode volumes and collate batches. Default 2.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Batches prepared ahead of the consumer, at most. Default 4.</summary>
    public int QueueCapacity { get; set; } = 4;

    /// <summary>
    /// Bytes of processed slices (kept, resampled float32 slices) the cache may hold; least recently used
    /// subjects are evicted beyond it. Default 512 MiB. Decoding itself needs one full volume per worker
    /// on top of this, and the queue holds <see cref="QueueCapacity"/> batches.
    /// </summary>
    public long CacheBudgetBytes { get; set; } = 512L << 20;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "At least one worker.");
        if (QueueCapacity < 1) throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "At least one batch.");
        if (CacheBudgetBytes < 0) throw new ArgumentOutOfRangeException(nameof(CacheBudgetBytes), CacheBudgetBytes, "Must not be negative.");
    }

    /// <summary>A copy.</summary>
    public SliceLoaderOptions Clone() => (SliceLoaderOptions)MemberwiseClone();
}
