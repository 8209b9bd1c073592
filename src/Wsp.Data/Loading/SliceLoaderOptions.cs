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

    /// <summary>
    /// Bytes of collated batches in flight at once (prepared, queued, or held by the consumer until it disposes
    /// them); null: bounded only by <see cref="QueueCapacity"/> and <see cref="Workers"/>. With a budget the
    /// loader holds at most <see cref="CacheBudgetBytes"/> + this + one decoded volume per worker; evicted arrays
    /// stay resident until the garbage collector runs (System.GC.ConserveMemory makes it return them sooner).
    /// A batch larger than the budget is refused; a consumer must dispose its batches, or the loader waits.
    /// </summary>
    public long? MaxInFlightBytes { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "At least one worker.");
        if (QueueCapacity < 1) throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "At least one batch.");
        if (CacheBudgetBytes < 0) throw new ArgumentOutOfRangeException(nameof(CacheBudgetBytes), CacheBudgetBytes, "Must not be negative.");
        if (MaxInFlightBytes is <= 0) throw new ArgumentOutOfRangeException(nameof(MaxInFlightBytes), MaxInFlightBytes, "Must be positive, or null for no byte limit.");
    }

    /// <summary>A copy.</summary>
    public SliceLoaderOptions Clone() => (SliceLoaderOptions)MemberwiseClone();
}
