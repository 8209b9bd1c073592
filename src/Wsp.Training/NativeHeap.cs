using System.Runtime.InteropServices;

namespace Wsp.Training;

/// <summary>
/// glibc's malloc settings for training processes. By default glibc serves a block above an adaptive threshold
/// (up to 32 MB) with its own mmap and returns it to the system when freed, and trims the heap's free top, so every
/// training step page-faults its activations in afresh: 12,000 to 311,000 minor faults a step in the benchmarks,
/// at about a microsecond each. <see cref="KeepFreedMemory"/> keeps freed memory in the heap for reuse instead.
/// </summary>
/// <remarks>
/// Process-wide and one-way: the process then keeps its peak native memory (the heap never shrinks after the
/// largest step), which suits a training or prediction process and may not suit a long-lived service that trains
/// once. <see cref="ContrastivePretrainer"/> and <see cref="ClassifierTrainer"/> apply it when they are created,
/// unless <see cref="KeepFreedMemoryWhenTraining"/> was set to false first; Wsp's samples and the <c>wsp</c> tool
/// apply it at start. The environment variables <c>MALLOC_MMAP_THRESHOLD_=1073741824
/// MALLOC_TRIM_THRESHOLD_=2147483647</c> do the same before the process starts. Measured in
/// <c>benchmarks/README.md</c> ("Training step against PyTorch": on an idle 2-core machine a TinyNet pretraining
/// step at 64 px took 533 ms without it and 263 ms with it).
/// </remarks>
public static partial class NativeHeap
{
    private const int TrimThreshold = -1;  // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3;  // M_MMAP_THRESHOLD

    private static int s_applied;

    /// <summary>
    /// Whether the trainers apply <see cref="KeepFreedMemory"/> when they are created (true by default). Set it to
    /// false before creating one to leave glibc's policy as the process has it.
    /// </summary>
    public static bool KeepFreedMemoryWhenTraining { get; set; } = true;

    /// <summary>What the trainers call: <see cref="KeepFreedMemory"/> once per process, unless turned off.</summary>
    internal static void ApplyForTraining()
    {
        if (KeepFreedMemoryWhenTraining && Interlocked.Exchange(ref s_applied, 1) == 0)
            KeepFreedMemory();
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
