using System.Runtime.InteropServices;
using Wsp.Data.Volumes;

namespace Wsp.Data.Loading;

/// <summary>
/// A subject's slice stack as the loader keeps it: the slicer's own tensor, not a managed copy, shared by the cache
/// and the workers copying from it. Reference-counted, because the cache may evict a stack while a worker still
/// copies from it: the tensor is freed when the last holder releases it.
/// </summary>
internal sealed class CachedSlices
{
    private readonly SliceStack _stack;
    private readonly object _gate = new();
    private int _holders;
    private bool _freed;

    /// <summary>Wraps a freshly loaded stack, held by nobody yet.</summary>
    public CachedSlices(SliceStack stack)
    {
        _stack = stack;
        Positions = stack.Positions.ToArray();
    }

    public double[] Positions { get; }

    public int Count => Positions.Length;

    public long Bytes => _stack.Bytes;

    /// <summary>Takes a hold; false when the stack was already freed (the caller then loads it again).</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            if (_freed) return false;
            _holders++;
            return true;
        }
    }

    /// <summary>Gives a hold back; the last one frees the tensor.</summary>
    public void Release()
    {
        lock (_gate)
        {
            if (--_holders > 0 || _freed) return;
            _freed = true;
        }
        _stack.Dispose();
    }

    /// <summary>The pixels of slice <paramref name="index"/>; valid while the caller holds the stack.</summary>
    public ReadOnlySpan<float> Slice(int index)
    {
        int pixels = (int)(_stack.Images.shape[2] * _stack.Images.shape[3]);
        return MemoryMarshal.Cast<byte, float>(_stack.Images.bytes).Slice(index * pixels, pixels);
    }
}
