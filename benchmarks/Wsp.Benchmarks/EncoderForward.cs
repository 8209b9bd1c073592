using System.Diagnostics;
using System.Globalization;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// The prediction benchmark's network step alone: an encoder's representation of 16 slices at 512 px, 2 threads,
/// under each of libtorch's gradient modes, median of five runs after one warm-up.
/// </summary>
internal static class EncoderForward
{
    public static void Report()
    {
        set_num_threads(2);
        Console.WriteLine("| encoder | mode | median (s) | min (s) |");
        Console.WriteLine("|---|---|---:|---:|");
        foreach (EncoderArchitecture architecture in new[] { EncoderArchitecture.TinyNet, EncoderArchitecture.ResNet18 })
        {
            using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { Architecture = architecture }, seed: 1);
            encoder.eval();
            using Tensor slices = rand(16, 1, 512, 512);
            foreach (string mode in new[] { "no_grad", "inference_mode", "grad", "no_grad, batches of 4", "no_grad, one slice at a time" })
            {
                double[] times = Enumerable.Range(0, 6).Select(_ => Time(encoder, slices, mode)).Skip(1).Order().ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {architecture} | {mode} | {times[2]:F2} | {times[0]:F2} |"));
            }
        }
    }

    private static double Time(SliceEncoder encoder, Tensor slices, string mode)
    {
        var clock = Stopwatch.StartNew();
        using (var scope = NewDisposeScope())
        {
            if (mode == "grad")
                encoder.Represent(slices).sum().item<float>();
            else if (mode == "inference_mode")
            {
                using var inference = inference_mode();
                encoder.Represent(slices).sum().item<float>();
            }
            else
            {
                using var noGrad = no_grad();
                long step = mode.EndsWith("of 4", StringComparison.Ordinal) ? 4 : mode.EndsWith("at a time", StringComparison.Ordinal) ? 1 : slices.shape[0];
                for (long start = 0; start < slices.shape[0]; start += step)
                    encoder.Represent(slices.narrow(0, start, step)).sum().item<float>();
            }
        }
        return clock.Elapsed.TotalSeconds;
    }
}
