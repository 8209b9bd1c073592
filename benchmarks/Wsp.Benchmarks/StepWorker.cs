using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Wsp.Benchmarks;

/// <summary>
/// One side of <see cref="StepComparison"/>, a process kept alive so that its steps interleave with the others' in
/// one run, driven by one JSON object per line: benchmarks/pytorch/step_worker.py under Debian's /usr/bin/python3,
/// or this program as a Wsp worker (<see cref="WspStepWorker"/>). The environment is stripped of the allocator and
/// threading variables, then given only the variant's own, so that every side runs as configured and no other way.
/// </summary>
internal sealed class StepWorker : IDisposable
{
    private static readonly string[] Stripped = { "MALLOC_", "GLIBC_TUNABLES", "THP_MEM_ALLOC_ENABLE", "OMP_", "KMP_", "LD_PRELOAD" };
    private readonly Process _process;

    private StepWorker(string label, string file, string arguments, IReadOnlyDictionary<string, string> environment)
    {
        Label = label;
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string name in start.Environment.Keys.Where(k => Stripped.Any(k.StartsWith)).ToArray())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}.");
        Banner = ReadReply().RootElement.GetRawText();
    }

    /// <summary>The side's name in the table.</summary>
    public string Label { get; }

    /// <summary>The worker's first line: versions and threads.</summary>
    public string Banner { get; }

    /// <summary>The PyTorch script, as shipped.</summary>
    public static StepWorker PyTorch() => new("PyTorch", "/usr/bin/python3", $"-u \"{FindScript()}\"", new Dictionary<string, string>());

    /// <summary>This program as a Wsp worker with a variant's options and environment.</summary>
    public static StepWorker Wsp(string label, string options, IReadOnlyDictionary<string, string> environment) =>
        new(label, Environment.ProcessPath!, $"\"{typeof(StepWorker).Assembly.Location}\" --step-worker {options}", environment);

    public void Setup(string architecture, int size, int batch, string kind, int threads) =>
        Send(FormattableString.Invariant($"{{\"cmd\":\"setup\",\"arch\":\"{architecture}\",\"size\":{size},\"batch\":{batch},\"kind\":\"{kind}\",\"threads\":{threads}}}")).Dispose();

    public StepSample Step()
    {
        using JsonDocument reply = Send("{\"cmd\":\"step\"}");
        JsonElement r = reply.RootElement;
        return new StepSample(r.GetProperty("ms").GetDouble(), r.GetProperty("forward").GetDouble(), r.GetProperty("backward").GetDouble(),
            r.GetProperty("optimizer").GetDouble(), r.GetProperty("faults").GetInt64());
    }

    public ConvSample Conv(ConvLayer layer, int batch, int threads)
    {
        using JsonDocument reply = Send(ConvRequest.Line(layer, batch, threads));
        JsonElement r = reply.RootElement;
        return new ConvSample(r.GetProperty("forward").GetDouble(), r.GetProperty("backward").GetDouble(), r.GetProperty("faults").GetInt64());
    }

    /// <summary>The garbage collector's work since the last setup; Wsp workers only.</summary>
    public CollectorSample Collector()
    {
        using JsonDocument reply = Send("{\"cmd\":\"collector\"}");
        JsonElement r = reply.RootElement;
        return new CollectorSample(r.GetProperty("gen0").GetInt32(), r.GetProperty("gen1").GetInt32(), r.GetProperty("gen2").GetInt32(),
            r.GetProperty("pause_ms").GetDouble());
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
            throw new InvalidOperationException($"The {Label} worker exited (for PyTorch: run benchmarks/pytorch/install.sh, Debian's python3-torch).");
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
