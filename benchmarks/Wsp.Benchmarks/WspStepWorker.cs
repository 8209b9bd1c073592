using System.Globalization;
using System.Text.Json;
using Wsp.Training;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// This program as the Wsp side of <see cref="StepComparison"/> (<c>--step-worker</c>), speaking the protocol of
/// benchmarks/pytorch/step_worker.py on stdin/stdout. Options select a variant: <c>--keep-freed-memory</c> calls
/// <see cref="NativeHeap.KeepFreedMemory"/> first, <c>--torchsharp-adam</c> trains with
/// TorchSharp's Adam instead of the library's contiguous one.
/// </summary>
internal static class WspStepWorker
{
    public static void Run(string[] args)
    {
        bool heap = args.Contains("--keep-freed-memory") && NativeHeap.KeepFreedMemory();
        bool torchSharpAdam = args.Contains("--torchsharp-adam");
        Console.WriteLine(JsonSerializer.Serialize(new { ready = true, torch = "libtorch via TorchSharp", keepFreedMemory = heap, torchSharpAdam }));
        WspStep? step = null;
        try
        {
            while (Console.ReadLine() is { } line)
            {
                using JsonDocument request = JsonDocument.Parse(line);
                JsonElement r = request.RootElement;
                switch (r.GetProperty("cmd").GetString())
                {
                    case "setup":
                        step?.Dispose();
                        set_num_threads(r.GetProperty("threads").GetInt32());
                        step = new WspStep(Enum.Parse<EncoderArchitecture>(r.GetProperty("arch").GetString()!), r.GetProperty("size").GetInt32(),
                            r.GetProperty("batch").GetInt32(), r.GetProperty("kind").GetString() == "pretrain", torchSharpAdam);
                        Console.WriteLine("{\"ok\": true}");
                        break;
                    case "step":
                        StepSample s = (step ?? throw new InvalidOperationException("step before setup")).Step();
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{{\"ms\": {s.Milliseconds}, \"forward\": {s.Forward}, \"backward\": {s.Backward}, \"optimizer\": {s.Optimizer}, \"faults\": {s.Faults}}}"));
                        break;
                    default:
                        return;
                }
            }
        }
        finally
        {
            step?.Dispose();
        }
    }
}
