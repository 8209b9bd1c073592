using System.Globalization;

using static Wsp.Benchmarks.BenchmarkArguments;

namespace Wsp.Benchmarks;

/// <summary>
/// Convolution forward and backward per layer, Wsp against PyTorch in one run (<c>--layer-profile</c>): every
/// distinct convolution of TinyNet and ResNet-18 (<see cref="ConvLayer"/>) alone, on the step benchmark's worker
/// processes, in <see cref="RotatingRounds"/>. Each row gives the medians over
/// the rounds and PyTorch's time over the side's (above 1: Wsp is faster); the "network" row sums the layers'
/// medians weighted by how many convolutions share each shape (one view's pass: a pretraining step runs two).
/// </summary>
internal static class LayerProfile
{
    public static void Report(string[] args)
    {
        string[] architectures = Option(args, "--arch", "TinyNet,ResNet18").Split(',');
        int[] sizes = Integers(args, "--size", "64,128");
        string[] variants = Option(args, "--variants", "default,keep-freed-memory").Split(',');
        int reps = Integer(args, "--reps", 7);
        int warmup = Integer(args, "--warmup", 2);
        int batch = Integer(args, "--batch", 64);
        int threads = Integer(args, "--threads", 2);

        var sides = new List<StepWorker> { StepWorker.PyTorch() };
        try
        {
            sides.AddRange(variants.Select(StepComparison.WspVariant));
            foreach (StepWorker side in sides)
                Console.WriteLine($"{side.Label}: {side.Banner}");
            Console.WriteLine($"threads {threads}, batch {batch}, {warmup} warm-up calls, {reps} rounds; started {DateTime.UtcNow:u}");
            Console.WriteLine();
            Console.WriteLine("| encoder | px | layer (input side, count) | side | forward ms | backward ms | PyTorch / side, forward | PyTorch / side, backward | page faults / call |");
            Console.WriteLine("|---|---:|---|---|---:|---:|---:|---:|---:|");
            foreach (string architecture in architectures)
            {
                foreach (int size in sizes)
                    Profile(sides, architecture, size, batch, threads, warmup, reps);
            }
        }
        finally
        {
            foreach (StepWorker side in sides)
                side.Dispose();
        }
    }

    private static void Profile(List<StepWorker> sides, string architecture, int size, int batch, int threads, int warmup, int reps)
    {
        var forwardTotals = new double[sides.Count];
        var backwardTotals = new double[sides.Count];
        foreach (ConvLayer layer in ConvLayer.Of(architecture, size))
        {
            List<ConvSample>[] samples = RotatingRounds.Run(sides.Count, warmup, reps, i => sides[i].Conv(layer, batch, threads));
            double[] forward = samples.Select(s => StepComparison.Median(s.Select(c => c.Forward))).ToArray();
            double[] backward = samples.Select(s => StepComparison.Median(s.Select(c => c.Backward))).ToArray();
            for (int i = 0; i < sides.Count; i++)
            {
                forwardTotals[i] += layer.Count * forward[i];
                backwardTotals[i] += layer.Count * backward[i];
                double faults = StepComparison.Median(samples[i].Select(c => (double)c.Faults));
                Row(architecture, size, $"{layer.Name} ({layer.InputChannels}->{layer.OutputChannels}, {layer.InputSize} px, x{layer.Count})",
                    sides[i].Label, forward, backward, i, faults.ToString("F0", CultureInfo.InvariantCulture));
            }
        }
        for (int i = 0; i < sides.Count; i++)
            Row(architecture, size, "**network** (sum of count x median)", sides[i].Label, forwardTotals, backwardTotals, i, "");
    }

    private static void Row(string architecture, int size, string layer, string side, double[] forward, double[] backward, int i, string faults)
    {
        string Ratio(double[] values) => i == 0 ? "1" : string.Create(CultureInfo.InvariantCulture, $"{values[0] / values[i]:F2}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {architecture} | {size} | {layer} | {side} | {forward[i]:F2} | {backward[i]:F2} | {Ratio(forward)} | {Ratio(backward)} | {faults} |"));
    }
}
