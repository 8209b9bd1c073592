using System.Globalization;
using Wsp.Losses;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// Peak resident memory of one forward + backward, per implementation, measured in this process by
/// resetting Linux's high-water mark (/proc/self/clear_refs) before each run. BenchmarkDotNet's
/// memory diagnoser sees only managed allocations; libtorch's tensors live in native memory.
/// </summary>
internal static class PeakMemory
{
    public static void Report(IEnumerable<int> sizes)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("Peak memory is measured through /proc and needs Linux.");
            return;
        }
        set_num_threads(2);
        Console.WriteLine("| N | naive, autograd (MiB) | WSP, one block (MiB) | WSP, chunked (MiB) | chunked / naive |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (int n in sizes)
        {
            using var inputs = new LossInputs(n);
            using var whole = new WeaklySupervisedPositionalLoss(options: new ContrastiveLossOptions { RowChunkSize = int.MaxValue });
            using var chunked = new WeaklySupervisedPositionalLoss();
            double naive = Measure(inputs, () => NaiveWspLoss.Compute(inputs.ViewA, inputs.ViewB, inputs.Labels, inputs.Positions, 0.85, 0.1));
            double oneBlock = Measure(inputs, () => whole.call(inputs.ViewA, inputs.ViewB, inputs.Attributes));
            double blocks = Measure(inputs, () => chunked.call(inputs.ViewA, inputs.ViewB, inputs.Attributes));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {naive:F0} | {oneBlock:F0} | {blocks:F0} | {blocks / naive:F3} |"));
        }
    }

    private static double Measure(LossInputs inputs, Func<Tensor> forward)
    {
        inputs.ClearGradients();
        GC.Collect();
        File.WriteAllText("/proc/self/clear_refs", "5");
        long before = ReadKiB("VmRSS:");
        using (var scope = NewDisposeScope())
        {
            forward().backward();
        }
        long peak = ReadKiB("VmHWM:");
        inputs.ClearGradients();
        return (peak - before) / 1024.0;
    }

    private static long ReadKiB(string field)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
