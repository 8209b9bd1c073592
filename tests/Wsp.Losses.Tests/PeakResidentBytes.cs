namespace Wsp.Losses.Tests;

/// <summary>The process's peak resident memory (VmHWM) on Linux, which can be reset through /proc/self/clear_refs.</summary>
internal static class PeakResidentBytes
{
    public static long ResetAndRead()
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Read();
    }

    public static long Read()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
