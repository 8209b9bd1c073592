using System.Diagnostics;
using System.Globalization;
using Wsp.Core;
using Wsp.Training.Encoders;
using Wsp.Training;
using Wsp.Losses;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// Contrastive training throughput in slices per second (each slice in two views; batch 64; WSP loss; Adam),
/// for TinyNet and ResNet-18 at 128 and 512 pixels: one warm-up step, then the mean of two timed steps.
/// At 512 pixels the step uses gradient caching in chunks of 16 images, which keeps ResNet-18's activations
/// within this machine's memory.
/// </summary>
internal static class TrainingThroughput
{
    public static void Report()
    {
        set_num_threads(2);
        Console.WriteLine("| encoder | size | gradient caching | step (s) | slices / s |");
        Console.WriteLine("|---|---:|---|---:|---:|");
        foreach (EncoderArchitecture architecture in new[] { EncoderArchitecture.TinyNet, EncoderArchitecture.ResNet18 })
        {
            foreach (int size in new[] { 128, 512 })
            {
                int? chunk = size == 512 ? 16 : null;
                double seconds = MeanStepSeconds(architecture, size, chunk);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {architecture} | {size} | {(chunk is null ? "no" : $"chunks of {chunk}")} | {seconds:F2} | {64 / seconds:F1} |"));
            }
        }
    }

    private static double MeanStepSeconds(EncoderArchitecture architecture, int size, int? chunk)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { Architecture = architecture });
        using var loss = new WeaklySupervisedPositionalLoss();
        using var optimizer = optim.Adam(encoder.parameters(), 1e-5);
        Tensor viewA = rand(64, 1, size, size), viewB = rand(64, 1, size, size);
        var attributes = new SliceAttributes(weakLabels: randint(0, 3, 64), positions: rand(64));

        void Step()
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            if (chunk is { } c)
                GradientCache.Step(encoder, viewA, viewB, attributes, loss, c);
            else
                loss.call(encoder.call(viewA), encoder.call(viewB), attributes).backward();
            optimizer.step();
        }

        Step();
        var clock = Stopwatch.StartNew();
        Step();
        Step();
        return clock.Elapsed.TotalSeconds / 2;
    }
}
