using System.Globalization;

namespace Wsp.Benchmarks;

/// <summary>Reads Linux's /proc/self/status memory fields and resets the peak through /proc/self/clear_refs.</summary>
internal static class ProcStatus
{
    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    /// <summary>A field such as "VmRSS:" or "VmHWM:", in KiB.</summary>
    public static long ReadKiB(string field)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
