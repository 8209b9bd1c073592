namespace Wsp.Data.Loading;

/// <summary>
/// Bytes that callers reserve before allocating and release after freeing; a reservation waits while it
/// would exceed the capacity. A reservation larger than the whole capacity must be refused by the caller.
/// </summary>
internal sealed class ByteBudget(long capacity)
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _released = NewSignal();
    private long _reserved;
    private long _peak;

    /// <summary>Bytes reserved now.</summary>
    public long Reserved
    {
        get
        {
            lock (_gate) return _reserved;
        }
    }

    public long Capacity => capacity;

    /// <summary>The most bytes ever reserved at once.</summary>
    public long Peak
    {
        get
        {
            lock (_gate) return _peak;
        }
    }

    public async Task ReserveAsync(long bytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task released;
            lock (_gate)
            {
                if (_reserved + bytes <= capacity)
                {
                    _reserved += bytes;
                    _peak = Math.Max(_peak, _reserved);
                    return;
                }
                released = _released.Task;
            }
            await released.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Release(long bytes)
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            _reserved -= bytes;
            released = _released;
            _released = NewSignal();
        }
        released.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
