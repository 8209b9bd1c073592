using System.Diagnostics;

namespace Wsp.Benchmarks;

/// <summary>Runs this benchmark program again in a new process (so that no earlier run's heap hides a peak) and returns its last output line.</summary>
internal static class FreshProcess
{
    public static string LastLine(string arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, $"\"{typeof(FreshProcess).Assembly.Location}\" {arguments}")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using Process child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"'{arguments}' failed with exit code {child.ExitCode}: {output}");
        return output.Trim().Split('\n')[^1];
    }
}
