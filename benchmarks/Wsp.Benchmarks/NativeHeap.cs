using System.Runtime.InteropServices;

namespace Wsp.Benchmarks;

/// <summary>
/// glibc's malloc settings through mallopt(3), the in-process equivalent of MALLOC_MMAP_THRESHOLD_ and
/// MALLOC_TRIM_THRESHOLD_. By default glibc serves a large block (above a threshold that adapts up to 32 MB)
/// with its own mmap and returns it to the system when freed, and trims the heap's free top; every training
/// step then page-faults its activations in afresh. Raising both keeps freed memory in the heap for reuse.
/// </summary>
internal static partial class NativeHeap
{
    private const int TrimThreshold = -1;  // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3;  // M_MMAP_THRESHOLD

    /// <summary>Blocks up to 1 GiB come from the heap, and the heap is never trimmed. Returns whether glibc accepted both.</summary>
    public static bool KeepFreedMemory() =>
        OperatingSystem.IsLinux() && mallopt(MmapThreshold, 1 << 30) == 1 && mallopt(TrimThreshold, int.MaxValue) == 1;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int parameter, int value);
}
