using System.Diagnostics;

namespace Wsp.Benchmarks;

/// <summary>Runs this benchmark program again in a new process (so that no earlier run's heap hides a peak) and returns its last output line.</summary>
internal static class FreshProcess
{
    public static string LastLine(string arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!, $"\"{typeof(FreshProcess).Assembly.Location}\" {arguments}")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using Process child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"'{arguments}' failed with exit code {child.ExitCode}: {output}");
        return output.Trim().Split('\n')[^1];
    }
}
