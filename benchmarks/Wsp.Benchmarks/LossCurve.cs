using System.Diagnostics;
using System.Globalization;
using Wsp.Losses;
using static TorchSharp.torch;

using static Wsp.Benchmarks.BenchmarkArguments;

namespace Wsp.Benchmarks;

/// <summary>
/// The WSP loss's forward + backward over N in one process, as a plain training loop would call it: the
/// sizes first ascending, then descending, so that a cost that depends on what was allocated before (fresh
/// pages) shows as a difference between the two passes. Each repetition interleaves the loss with the
/// bare-matmul floor of the same shapes (three products into preallocated outputs, and the same returning
/// fresh tensors) and with the loss as it was before issue 13 (<see cref="PreviousWspLoss"/>), so that load on the
/// shared machine hits all of them alike.
/// </summary>
internal static class LossCurve
{
    public static void Report(string[] args)
    {
        int reps = Integer(args, "--reps", 11);
        int[] sizes = Integers(args, "--n", "64,256,1024,2048,4096");
        int threads = Integer(args, "--threads", 2);
        set_num_threads(threads);
        Console.WriteLine($"threads {threads}, {reps} repetitions after one warm-up; started {DateTime.UtcNow:u}");
        using var loss = new WeaklySupervisedPositionalLoss();
        Console.WriteLine("| pass | N | loss ms median [min-max] | previous loss ms | floor, preallocated ms | floor, fresh outputs ms | loss / preallocated floor | loss / fresh floor | previous / loss | loss per (2N)^2 D, relative to N = 256 | page faults per call, loss / previous |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var options = new ContrastiveLossOptions();
        double? perWorkAt256 = null;
        foreach (var (pass, n) in sizes.Select(n => ("ascending", n)).Concat(sizes.Reverse().Select(n => ("descending", n))))
        {
            using var inputs = new LossInputs(n);
            var lossMs = new List<double>();
            var floorMs = new List<double>();
            var freshMs = new List<double>();
            var faults = new List<double>();
            var previousMs = new List<double>();
            var previousFaults = new List<double>();
            for (int i = -1; i < reps; i++)
            {
                long before = PageFaults.Minor();
                double l = Time(() => Run(loss, inputs));
                long after = PageFaults.Minor();
                double p = Time(() => RunPrevious(loss, options, inputs));
                long afterPrevious = PageFaults.Minor();
                double f = Time(() => FloorInPlace(inputs));
                double g = Time(() => FloorFresh(inputs));
                if (i < 0) continue; // warm-up
                lossMs.Add(l);
                floorMs.Add(f);
                freshMs.Add(g);
                faults.Add(after - before);
                previousMs.Add(p);
                previousFaults.Add(afterPrevious - after);
            }
            double median = StepComparison.Median(lossMs);
            double perWork = median / (4.0 * n * n * LossInputs.Dimension);
            if (n == 256 && pass == "ascending") perWorkAt256 = perWork;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {pass} | {n} | {median:F2} [{lossMs.Min():F2}-{lossMs.Max():F2}] | {StepComparison.Median(previousMs):F2} | {StepComparison.Median(floorMs):F2} | {StepComparison.Median(freshMs):F2} | "
                + $"{median / StepComparison.Median(floorMs):F2} | {median / StepComparison.Median(freshMs):F2} | {StepComparison.Median(previousMs.Zip(lossMs, (a, b) => a / b)):F2} | "
                + $"{(perWorkAt256 is { } w ? (perWork / w).ToString("F2", CultureInfo.InvariantCulture) : "-")} | {StepComparison.Median(faults):F0} / {StepComparison.Median(previousFaults):F0} |"));
        }
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static void Run(WeaklySupervisedPositionalLoss loss, LossInputs inputs)
    {
        using var scope = NewDisposeScope();
        inputs.ClearGradients();
        loss.call(inputs.ViewA, inputs.ViewB, inputs.Attributes).backward();
        _ = inputs.ViewA.grad![0, 0].item<float>();
    }

    private static void RunPrevious(WeaklySupervisedPositionalLoss loss, ContrastiveLossOptions options, LossInputs inputs)
    {
        using var scope = NewDisposeScope();
        inputs.ClearGradients();
        PreviousWspLoss.Compute(inputs.ViewA, inputs.ViewB, inputs.Attributes, loss.Kernel, options).Loss.backward();
        _ = inputs.ViewA.grad![0, 0].item<float>();
    }

    private static void FloorInPlace(LossInputs inputs)
    {
        inputs.SimilarityOutput.addmm_(inputs.Stacked, inputs.Stacked.t(), 0, 1);
        inputs.RowsOutput.addmm_(inputs.Dense, inputs.Stacked, 0, 1);
        inputs.ColumnsOutput.addmm_(inputs.Dense.t(), inputs.Stacked, 0, 1);
        _ = inputs.ColumnsOutput[0, 0].item<float>();
    }

    private static void FloorFresh(LossInputs inputs)
    {
        using var scope = NewDisposeScope();
        Tensor similarities = inputs.Stacked.mm(inputs.Stacked.t());
        Tensor rowsGradient = inputs.Dense.mm(inputs.Stacked);
        Tensor columnsGradient = inputs.Dense.t().mm(inputs.Stacked);
        _ = similarities[0, 0].item<float>() + rowsGradient[0, 0].item<float>() + columnsGradient[0, 0].item<float>();
    }
}
