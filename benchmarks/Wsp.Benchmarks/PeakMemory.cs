using System.Globalization;
using Wsp.Losses;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// Peak resident memory of one forward + backward per implementation. BenchmarkDotNet's memory
/// diagnoser sees only managed allocations, and libtorch's tensors live in native memory, so each
/// measurement runs in a fresh process (a heap that earlier runs grew would hide later peaks) and
/// reads Linux's high-water mark after resetting it through /proc/self/clear_refs.
/// </summary>
internal static class PeakMemory
{
    private static readonly string[] Implementations = { "naive", "one-block", "chunked" };

    /// <summary>Prints a Markdown table, one child process per cell.</summary>
    public static void Report(IEnumerable<int> sizes)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("Peak memory is measured through /proc and needs Linux.");
            return;
        }
        Console.WriteLine("| N | naive, autograd (MiB) | WSP, one block (MiB) | WSP, chunked (MiB) | chunked / naive |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (int n in sizes)
        {
            double[] peaks = Implementations.Select(implementation => MeasureInChild(implementation, n)).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {peaks[0]:F0} | {peaks[1]:F0} | {peaks[2]:F0} | {peaks[2] / peaks[0]:F3} |"));
        }
    }

    /// <summary>Runs one measurement in this process and prints the peak increase in MiB.</summary>
    public static void MeasureHere(string implementation, int n)
    {
        set_num_threads(2);
        Func<LossInputs, Tensor> forward = Forward(implementation);
        using (var warmUp = new LossInputs(8))
        using (var scope = NewDisposeScope())
            forward(warmUp).backward();

        using var inputs = new LossInputs(n);
        GC.Collect();
        ProcStatus.ResetPeak();
        long before = ProcStatus.ReadKiB("VmRSS:");
        using (var scope = NewDisposeScope())
            forward(inputs).backward();
        long peak = ProcStatus.ReadKiB("VmHWM:");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(peak - before) / 1024.0:F1}"));
    }

    private static Func<LossInputs, Tensor> Forward(string implementation) => implementation switch
    {
        "naive" => inputs => NaiveWspLoss.Compute(inputs.ViewA, inputs.ViewB, inputs.Labels, inputs.Positions, 0.85, 0.1),
        "one-block" => inputs =>
        {
            using var loss = new WeaklySupervisedPositionalLoss(options: new ContrastiveLossOptions { RowChunkSize = int.MaxValue });
            return loss.call(inputs.ViewA, inputs.ViewB, inputs.Attributes);
        },
        "chunked" => inputs =>
        {
            using var loss = new WeaklySupervisedPositionalLoss();
            return loss.call(inputs.ViewA, inputs.ViewB, inputs.Attributes);
        },
        _ => throw new ArgumentOutOfRangeException(nameof(implementation), implementation, "naive, one-block or chunked"),
    };

    private static double MeasureInChild(string implementation, int n) =>
        double.Parse(FreshProcess.LastLine($"--memory-one {implementation} {n}"), CultureInfo.InvariantCulture);
}
