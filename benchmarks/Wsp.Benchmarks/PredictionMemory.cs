using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Wsp.Models;
using Wsp.Onnx;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// Peak resident memory of a process that loads a model and predicts the benchmark's 512 x 512 x 100 volume once,
/// per architecture and runtime, each in a fresh process (Linux's VmHWM), with the wall time of that first prediction.
/// </summary>
internal static class PredictionMemory
{
    public static void Report()
    {
        Console.WriteLine("| encoder | runtime | peak resident memory (MiB) | first prediction (s) |");
        Console.WriteLine("|---|---|---:|---:|");
        foreach (EncoderArchitecture architecture in new[] { EncoderArchitecture.TinyNet, EncoderArchitecture.ResNet18 })
        {
            PredictionModels.Prepare(architecture);
            foreach (string runtime in new[] { "torchsharp", "onnxruntime" })
            {
                string line = FreshProcess.LastLine($"--prediction-memory-one {architecture} {runtime}");
                Console.WriteLine($"| {architecture} | {runtime} | {line} |");
            }
        }
    }

    public static void MeasureHere(EncoderArchitecture architecture, string runtime)
    {
        set_num_threads(2);
        var clock = Stopwatch.StartNew();
        double probability;
        if (runtime == "onnxruntime")
        {
            using var model = OnnxPatientClassifier.Load(PredictionModels.OnnxPath(architecture), new SessionOptions { IntraOpNumThreads = 2, InterOpNumThreads = 1 });
            probability = model.Predict(PredictionModels.Volume).Probability;
        }
        else
        {
            using var model = PatientClassifier.Load(PredictionModels.ModelPath(architecture));
            probability = model.Predict(PredictionModels.Volume).Probability;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ProcStatus.ReadKiB("VmHWM:") / 1024.0:F0} | {seconds:F2} (p = {probability:F4})"));
    }
}
