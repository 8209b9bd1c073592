using System.Globalization;

using static Wsp.Benchmarks.BenchmarkArguments;

namespace Wsp.Benchmarks;

/// <summary>
/// One pretraining or fine-tuning step of Wsp against the same step in PyTorch (benchmarks/pytorch/step_worker.py),
/// in one run: every side is a worker process, and after warm-up each round runs one step on every side, the order
/// rotating from round to round, so that the shared machine's load drifts over all sides alike. A side's ratio is
/// PyTorch's time over its own within each round (above 1: faster than PyTorch); the table gives the median and range
/// of those ratios, and each side's median and range in milliseconds. A second table gives the .NET garbage
/// collector's work in each Wsp worker over each cell's steps (warm-up included).
/// </summary>
internal static class StepComparison
{
    /// <summary>Wsp variants: name, worker options, environment.</summary>
    private static readonly Dictionary<string, (string Options, Dictionary<string, string> Environment)> Variants = new()
    {
        // The library's trainers as shipped: ContiguousAdam, glibc's default heap.
        ["default"] = ("", new()),
        // Also glibc's heap keeping freed memory (Wsp.Training.NativeHeap, which the samples and the wsp tool apply).
        ["keep-freed-memory"] = ("--keep-freed-memory", new()),
        ["malloc-env"] = ("", new() { ["MALLOC_MMAP_THRESHOLD_"] = "1073741824", ["MALLOC_TRIM_THRESHOLD_"] = "2147483647" }),
        // Before issue 13: TorchSharp's per-parameter Adam, glibc's default heap.
        ["torchsharp-adam"] = ("--torchsharp-adam", new()),
        ["thp"] = ("", new() { ["THP_MEM_ALLOC_ENABLE"] = "1" }),
        ["omp-passive"] = ("", new() { ["OMP_WAIT_POLICY"] = "PASSIVE" }),
        // The heap setting with OpenMP's threads sleeping between parallel regions instead of spinning.
        ["keep-freed-omp-passive"] = ("--keep-freed-memory", new() { ["OMP_WAIT_POLICY"] = "PASSIVE" }),
    };

    public static void Report(string[] args)
    {
        string[] architectures = Option(args, "--arch", "TinyNet,ResNet18").Split(',');
        int[] sizes = Integers(args, "--size", "64,128");
        string[] kinds = Option(args, "--kind", "pretrain,finetune").Split(',');
        string[] variants = Option(args, "--variants", "torchsharp-adam,default,keep-freed-memory").Split(',');
        int reps = Integer(args, "--reps", 7);
        int warmup = Integer(args, "--warmup", 2);
        int batch = Integer(args, "--batch", 64);
        int threads = Integer(args, "--threads", 2);

        var sides = new List<StepWorker> { StepWorker.PyTorch() };
        var collector = new List<string>();
        try
        {
            sides.AddRange(variants.Select(WspVariant));
            foreach (StepWorker side in sides)
                Console.WriteLine($"{side.Label}: {side.Banner}");
            Console.WriteLine($"threads {threads}, batch {batch} (pretraining: two views of it), {warmup} warm-up steps, {reps} rounds; started {DateTime.UtcNow:u}");
            Console.WriteLine();
            Console.WriteLine("| encoder | px | step | side | ms median [min-max] | PyTorch / side, median [min-max] | fwd/bwd/opt ms (medians) | page faults / step |");
            Console.WriteLine("|---|---:|---|---|---:|---:|---:|---:|");
            foreach (string architecture in architectures)
            {
                foreach (int size in sizes)
                {
                    foreach (string kind in kinds)
                    {
                        Compare(sides, architecture, size, kind, batch, threads, warmup, reps);
                        // Side 0 is PyTorch; the others are Wsp workers, which count their collections since setup.
                        collector.AddRange(sides.Skip(1).Select(side => string.Create(CultureInfo.InvariantCulture,
                            $"| {architecture} | {size} | {kind} | {side.Label} | {Format(side.Collector())} | {warmup + reps} |")));
                    }
                }
            }
            Console.WriteLine();
            Console.WriteLine("| encoder | px | step | side | .NET collections gen0/gen1/gen2 | collector pause ms | steps |");
            Console.WriteLine("|---|---:|---|---|---:|---:|---:|");
            collector.ForEach(Console.WriteLine);
        }
        finally
        {
            foreach (StepWorker side in sides)
                side.Dispose();
        }
    }

    private static string Format(CollectorSample c) =>
        string.Create(CultureInfo.InvariantCulture, $"{c.Gen0}/{c.Gen1}/{c.Gen2} | {c.PauseMilliseconds:F1}");

    /// <summary>A Wsp worker set up as the named variant.</summary>
    public static StepWorker WspVariant(string variant) =>
        Variants.TryGetValue(variant, out var v)
            ? StepWorker.Wsp("Wsp " + variant, v.Options, v.Environment)
            : throw new ArgumentException($"Unknown variant {variant}; known: {string.Join(", ", Variants.Keys)}.", nameof(variant));

    private static void Compare(List<StepWorker> sides, string architecture, int size, string kind, int batch, int threads, int warmup, int reps)
    {
        foreach (StepWorker side in sides)
            side.Setup(architecture, size, batch, kind, threads);
        List<StepSample>[] samples = RotatingRounds.Run(sides.Count, warmup, reps, i => sides[i].Step());
        for (int i = 0; i < sides.Count; i++)
        {
            double[] ms = samples[i].Select(s => s.Milliseconds).ToArray();
            double[] ratios = samples[0].Zip(samples[i], (p, s) => p.Milliseconds / s.Milliseconds).ToArray();
            string ratio = i == 0 ? "1" : string.Create(CultureInfo.InvariantCulture, $"**{Median(ratios):F2}** [{ratios.Min():F2}-{ratios.Max():F2}]");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {architecture} | {size} | {kind} | {sides[i].Label} | {Median(ms):F0} [{ms.Min():F0}-{ms.Max():F0}] | {ratio} | "
                + $"{Median(samples[i].Select(s => s.Forward)):F0}/{Median(samples[i].Select(s => s.Backward)):F0}/{Median(samples[i].Select(s => s.Optimizer)):F0} | "
                + $"{Median(samples[i].Select(s => (double)s.Faults)):F0} |"));
        }
    }

    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
