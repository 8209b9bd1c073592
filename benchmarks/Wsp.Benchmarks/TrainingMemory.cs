using System.Diagnostics;
using System.Globalization;
using Wsp.Core;
using Wsp.Training.Encoders;
using Wsp.Training;
using Wsp.Losses;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// Peak resident memory and time of one contrastive training step (TinyNet, 128 x 128, two views, WSP loss),
/// plain or with gradient caching in chunks of 64 images, at batch 256 and 1024; each cell in a fresh process.
/// </summary>
internal static class TrainingMemory
{
    public static void Report()
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.WriteLine("Peak memory is measured through /proc and needs Linux.");
            return;
        }
        Console.WriteLine("| batch | plain: peak increase (MiB) | plain: step (s) | gradient caching, chunks of 64: peak increase (MiB) | caching: step (s) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (int batch in new[] { 256, 1024 })
        {
            string[] plain = Child(batch, cached: false);
            string[] cached = Child(batch, cached: true);
            Console.WriteLine($"| {batch} | {plain[0]} | {plain[1]} | {cached[0]} | {cached[1]} |");
        }
    }

    public static void MeasureHere(int batch, bool cached)
    {
        set_num_threads(2);
        manual_seed(1);
        using SliceEncoder encoder = EncoderFactory.Create();
        using var loss = new WeaklySupervisedPositionalLoss();
        Tensor viewA = randn(batch, 1, 128, 128), viewB = randn(batch, 1, 128, 128);
        var attributes = new SliceAttributes(weakLabels: randint(0, 3, batch), positions: rand(batch));
        GC.Collect();
        ProcStatus.ResetPeak();
        long before = ProcStatus.ReadKiB("VmRSS:");
        var clock = Stopwatch.StartNew();
        using (var scope = NewDisposeScope())
        {
            if (cached)
            {
                GradientCache.Step(encoder, viewA, viewB, attributes, loss, chunkSize: 64);
            }
            else
            {
                loss.call(encoder.call(viewA), encoder.call(viewB), attributes).backward();
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;
        long peak = ProcStatus.ReadKiB("VmHWM:");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(peak - before) / 1024.0:F0} {seconds:F2}"));
    }

    private static string[] Child(int batch, bool cached) =>
        FreshProcess.LastLine($"--training-memory-one {batch} {cached}").Split(' ');
}
