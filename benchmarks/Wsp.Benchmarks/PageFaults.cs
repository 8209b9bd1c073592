using System.Globalization;

namespace Wsp.Benchmarks;

/// <summary>The process's minor page faults so far (field 10 of /proc/self/stat): fresh pages touched.</summary>
internal static class PageFaults
{
    public static long Minor()
    {
        string stat = File.ReadAllText("/proc/self/stat");
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], CultureInfo.InvariantCulture);
    }
}
