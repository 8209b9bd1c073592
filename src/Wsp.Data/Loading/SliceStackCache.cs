using System.Collections.Concurrent;

namespace Wsp.Data.Loading;

/// <summary>
/// A thread-safe cache of processed slices, bounded in bytes, evicting the least recently used subject.
/// Concurrent requests for the same subject share one load. A subject larger than the whole budget is
/// returned without being cached.
/// </summary>
internal sealed class SliceStackCache
{
    private readonly Func<int, CachedSlices> _load;
    private readonly long _budget;
    private readonly object _gate = new();
    private readonly Dictionary<int, LinkedListNode<(int Patient, CachedSlices Slices)>> _entries = new();
    private readonly LinkedList<(int Patient, CachedSlices Slices)> _recency = new();
    private readonly ConcurrentDictionary<int, Lazy<CachedSlices>> _loading = new();
    private long _bytes;

    public SliceStackCache(Func<int, CachedSlices> load, long budgetBytes)
    {
        _load = load;
        _budget = budgetBytes;
    }

    /// <summary>Bytes held now.</summary>
    public long Bytes
    {
        get { lock (_gate) return _bytes; }
    }

    /// <summary>Subjects loaded so far (cache misses).</summary>
    public int Loads => _loadCount;

    private int _loadCount;

    public CachedSlices Get(int patient)
    {
        while (true)
        {
            if (TryGet(patient) is { } slices)
                return slices;
        }
    }

    // Held for the caller, who releases it; null in the rare race where a shared load was freed before this caller
    // could hold it (evicted and released by everyone else), and Get then loads again.
    private CachedSlices? TryGet(int patient)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(patient, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                if (!node.Value.Slices.TryAcquire())
                    throw new InvalidOperationException("A cached slice stack was freed while the cache still held it.");
                return node.Value.Slices;
            }
        }

        var lazy = _loading.GetOrAdd(patient, p => new Lazy<CachedSlices>(() =>
        {
            Interlocked.Increment(ref _loadCount);
            return _load(p);
        }, LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            CachedSlices slices = lazy.Value;
            lock (_gate)
            {
                if (!slices.TryAcquire())
                    return null;
                Insert(patient, slices);
            }
            return slices;
        }
        finally
        {
            _loading.TryRemove(new KeyValuePair<int, Lazy<CachedSlices>>(patient, lazy));
        }
    }

    // Under _gate. The cache holds its own reference to what it keeps, and gives it back when it evicts.
    private void Insert(int patient, CachedSlices slices)
    {
        if (slices.Bytes > _budget || _entries.ContainsKey(patient)) return;
        while (_bytes + slices.Bytes > _budget && _recency.Last is { } oldest)
        {
            _recency.RemoveLast();
            _entries.Remove(oldest.Value.Patient);
            _bytes -= oldest.Value.Slices.Bytes;
            oldest.Value.Slices.Release();
        }
        slices.TryAcquire();
        _entries[patient] = _recency.AddFirst((patient, slices));
        _bytes += slices.Bytes;
    }
}
