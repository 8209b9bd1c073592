using System.Runtime.InteropServices;

namespace Wsp.Training;

/// <summary>
/// glibc's malloc settings for a training or prediction process. By default glibc serves a block above an adaptive
/// threshold (up to 32 MB) with its own mmap and returns it to the system when freed, and trims the heap's free top,
/// so every training step page-faults its activations in afresh: 8,000 to 330,000 minor faults a step in the
/// benchmarks. <see cref="KeepFreedMemory"/> keeps freed memory in the heap for reuse.
/// </summary>
/// <remarks>
/// Process-wide and one-way: the process then keeps its peak native memory (the heap never shrinks after the largest
/// step). That suits a process that trains or predicts and may not suit a long-lived service that trains once, so the
/// library never applies it by itself: the application decides, at start. Wsp's samples and the <c>wsp</c> tool call
/// <see cref="KeepFreedMemoryUnlessTurnedOff"/>, so <c>WSP_KEEP_FREED_MEMORY=0</c> leaves glibc's default there. The environment variables <c>MALLOC_MMAP_THRESHOLD_=1073741824
/// MALLOC_TRIM_THRESHOLD_=2147483647</c> do the same before a process starts. Measured in <c>benchmarks/README.md</c>
/// ("Training step against PyTorch"): on idle 2-core machines it makes TinyNet pretraining steps at 64 and 128 px
/// 1.1 to 3.2 times as fast, depending on the machine's cost of a page fault.
/// </remarks>
public static partial class NativeHeap
{
    private const int TrimThreshold = -1;  // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3;  // M_MMAP_THRESHOLD

    /// <summary>The environment variable that turns <see cref="KeepFreedMemoryUnlessTurnedOff"/> off: <c>0</c> or <c>false</c>.</summary>
    public const string SwitchVariable = "WSP_KEEP_FREED_MEMORY";

    /// <summary>
    /// <see cref="KeepFreedMemory"/>, unless the environment variable <see cref="SwitchVariable"/> is <c>0</c> or
    /// <c>false</c> (any case); what an application calls at start. Returns whether the settings were applied.
    /// </summary>
    public static bool KeepFreedMemoryUnlessTurnedOff()
    {
        string? value = Environment.GetEnvironmentVariable(SwitchVariable)?.Trim();
        bool turnedOff = value is "0" || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
        return !turnedOff && KeepFreedMemory();
    }

    /// <summary>
    /// Blocks up to 1 GiB come from the heap, and the heap is never trimmed. Returns whether glibc accepted both
    /// settings; false on other systems and C libraries, where nothing changes.
    /// </summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return mallopt(MmapThreshold, 1 << 30) == 1 && mallopt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no mallopt): its allocator keeps its own policy.
            return false;
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int mallopt(int parameter, int value);
}
