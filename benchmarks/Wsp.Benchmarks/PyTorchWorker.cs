using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Wsp.Benchmarks;

/// <summary>
/// The PyTorch side of <see cref="StepComparison"/>: benchmarks/pytorch/step_worker.py under Debian's
/// /usr/bin/python3, kept alive so that its steps interleave with Wsp's in one run. Its environment is
/// stripped of the allocator and threading variables a Wsp variant may set, so it always runs as shipped.
/// </summary>
internal sealed class PyTorchWorker : IDisposable
{
    private static readonly string[] Stripped = { "MALLOC_", "GLIBC_TUNABLES", "THP_MEM_ALLOC_ENABLE", "OMP_", "KMP_", "LD_PRELOAD" };
    private readonly Process _process;

    public PyTorchWorker()
    {
        var start = new ProcessStartInfo("/usr/bin/python3", $"-u \"{FindScript()}\"")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string name in start.Environment.Keys.Where(k => Stripped.Any(k.StartsWith)).ToArray())
            start.Environment.Remove(name);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start /usr/bin/python3.");
        Banner = ReadReply().RootElement.GetRawText();
    }

    /// <summary>The worker's first line: torch version, threads, mkldnn.</summary>
    public string Banner { get; }

    public void Setup(string architecture, int size, int batch, string kind, int threads) =>
        Send(FormattableString.Invariant($"{{\"cmd\":\"setup\",\"arch\":\"{architecture}\",\"size\":{size},\"batch\":{batch},\"kind\":\"{kind}\",\"threads\":{threads}}}")).Dispose();

    public StepSample Step()
    {
        using JsonDocument reply = Send("{\"cmd\":\"step\"}");
        JsonElement r = reply.RootElement;
        return new StepSample(r.GetProperty("ms").GetDouble(), r.GetProperty("forward").GetDouble(), r.GetProperty("backward").GetDouble(),
            r.GetProperty("optimizer").GetDouble(), r.GetProperty("faults").GetInt64());
    }

    public double Loss(int n)
    {
        using JsonDocument reply = Send(string.Create(CultureInfo.InvariantCulture, $"{{\"cmd\":\"loss\",\"n\":{n}}}"));
        return reply.RootElement.GetProperty("ms").GetDouble();
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000))
                _process.Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private JsonDocument Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
        return ReadReply();
    }

    private JsonDocument ReadReply()
    {
        string? line = _process.StandardOutput.ReadLine();
        if (line is null)
            throw new InvalidOperationException("The PyTorch worker exited; run benchmarks/pytorch/install.sh (Debian's python3-torch).");
        return JsonDocument.Parse(line);
    }

    private static string FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "benchmarks", "pytorch", "step_worker.py");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new FileNotFoundException("benchmarks/pytorch/step_worker.py not found above " + AppContext.BaseDirectory);
    }
}
