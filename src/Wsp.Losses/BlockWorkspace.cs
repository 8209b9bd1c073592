using TorchSharp;
using static TorchSharp.torch;

namespace Wsp.Losses;

/// <summary>
/// A per-thread scratch buffer for the loss's [block, 2N] logits, kept between calls. A fresh multi-megabyte
/// tensor on every call is handed back to the system when freed and page-faulted in again on the next call,
/// at a cost that depends on the process's allocation history; a reused buffer costs nothing after the first.
/// Per thread, so concurrent losses never share one; bounded, so that a huge one-block call is not kept.
/// </summary>
internal static class BlockWorkspace
{
    // Kept up to 4 Mi entries (16 MB in float32): the automatic block of 1 Mi entries, or a few times that.
    private const long MaxKeptEntries = 1L << 22;

    [ThreadStatic]
    private static Dictionary<(ScalarType, DeviceType, int), Tensor>? t_buffers;

    /// <summary>A [rows, columns] tensor of undefined content, owned by the workspace (callers neither keep nor dispose it).</summary>
    /// <remarks>The result belongs to the current dispose scope as a view; the buffer behind it stays.</remarks>
    public static Tensor Rent(long rows, long columns, ScalarType type, Device device)
    {
        long entries = rows * columns;
        if (entries > MaxKeptEntries)
            return empty(rows, columns, type, device: device);
        t_buffers ??= new Dictionary<(ScalarType, DeviceType, int), Tensor>();
        var key = (type, device.type, device.index);
        if (!t_buffers.TryGetValue(key, out Tensor? buffer))
        {
            // Full size at once, so that it never has to grow; outside every dispose scope: it outlives the call.
            buffer = empty(MaxKeptEntries, type, device: device).DetachFromDisposeScope();
            t_buffers[key] = buffer;
        }
        return buffer.narrow(0, 0, entries).view(rows, columns);
    }
}
