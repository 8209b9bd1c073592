using System.Globalization;
using Wsp.Core.Encoders;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// One pretraining or fine-tuning step of Wsp against the same step in PyTorch (benchmarks/pytorch/step_worker.py),
/// in one run: after warm-up, repetitions alternate between the two processes (the order flipping every pair), so
/// that the machine's load drifts over both alike. The ratio is PyTorch's time over Wsp's per adjacent pair
/// (above 1: Wsp faster); the table gives its median and range, and each side's median and range.
/// </summary>
internal static class StepComparison
{
    public static void Report(string[] args)
    {
        string[] architectures = Option(args, "--arch", "TinyNet,ResNet18").Split(',');
        int[] sizes = Option(args, "--size", "64,128").Split(',').Select(Parse).ToArray();
        string[] kinds = Option(args, "--kind", "pretrain,finetune").Split(',');
        int reps = Parse(Option(args, "--reps", "7"));
        int warmup = Parse(Option(args, "--warmup", "2"));
        int batch = Parse(Option(args, "--batch", "64"));
        int threads = Parse(Option(args, "--threads", "2"));
        set_num_threads(threads);

        using var python = new PyTorchWorker();
        Console.WriteLine($"PyTorch worker: {python.Banner}; Wsp: libtorch threads {get_num_threads()}, interop {get_num_interop_threads()}; "
            + $"environment: {string.Join(' ', Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("MALLOC_", StringComparison.Ordinal) || k is "GLIBC_TUNABLES" or "THP_MEM_ALLOC_ENABLE" || k.StartsWith("OMP_", StringComparison.Ordinal)).Select(k => k + "=" + Environment.GetEnvironmentVariable(k)))}");
        Console.WriteLine("| encoder | px | batch | step | reps | PyTorch ms median [min-max] | Wsp ms median [min-max] | PyTorch/Wsp median [min-max] | Wsp fwd/bwd/opt ms | PyTorch fwd/bwd/opt ms | faults/step Wsp, PyTorch |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (string architecture in architectures)
        {
            foreach (int size in sizes)
            {
                foreach (string kind in kinds)
                {
                    python.Setup(architecture, size, batch, kind, threads);
                    using var wsp = new WspStep(Enum.Parse<EncoderArchitecture>(architecture), size, batch, kind == "pretrain");
                    for (int i = 0; i < warmup; i++)
                    {
                        wsp.Step();
                        python.Step();
                    }
                    var ours = new List<StepSample>();
                    var theirs = new List<StepSample>();
                    for (int i = 0; i < reps; i++)
                    {
                        if (i % 2 == 0)
                        {
                            ours.Add(wsp.Step());
                            theirs.Add(python.Step());
                        }
                        else
                        {
                            theirs.Add(python.Step());
                            ours.Add(wsp.Step());
                        }
                    }
                    double[] ratios = ours.Zip(theirs, (o, t) => t.Milliseconds / o.Milliseconds).ToArray();
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {architecture} | {size} | {batch} | {kind} | {reps} | {Spread(theirs.Select(s => s.Milliseconds))} | {Spread(ours.Select(s => s.Milliseconds))} | "
                        + $"{Median(ratios):F2} [{ratios.Min():F2}-{ratios.Max():F2}] | {Phases(ours)} | {Phases(theirs)} | "
                        + $"{Median(ours.Select(s => (double)s.Faults)):F0}, {Median(theirs.Select(s => (double)s.Faults)):F0} |"));
                }
            }
        }
    }

    private static string Phases(List<StepSample> samples) => string.Create(CultureInfo.InvariantCulture,
        $"{Median(samples.Select(s => s.Forward)):F0}/{Median(samples.Select(s => s.Backward)):F0}/{Median(samples.Select(s => s.Optimizer)):F0}");

    private static string Spread(IEnumerable<double> values)
    {
        double[] v = values.ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{Median(v):F0} [{v.Min():F0}-{v.Max():F0}]");
    }

    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    private static int Parse(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
