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
/// TorchSharp's Adam instead of the library's contiguous one. It also times single convolutions for
/// <see cref="LayerProfile"/> (<c>conv</c>) and reports the garbage collector's work since the last setup
/// (<c>collector</c>).
/// </summary>
internal static class WspStepWorker
{
    public static void Run(string[] args)
    {
        bool heap = args.Contains("--keep-freed-memory") && NativeHeap.KeepFreedMemory();
        bool torchSharpAdam = args.Contains("--torchsharp-adam");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            ready = true, torch = "libtorch via TorchSharp", threads = get_num_threads(), interop = get_num_interop_threads(),
            keepFreedMemory = heap, torchSharpAdam,
        }));
        WspStep? step = null;
        ConvProbe? conv = null;
        CollectorSample atSetup = CollectorSample.Now();
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
                        atSetup = CollectorSample.Now();
                        Console.WriteLine("{\"ok\": true}");
                        break;
                    case "step":
                        StepSample s = (step ?? throw new InvalidOperationException("step before setup")).Step();
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{{\"ms\": {s.Milliseconds}, \"forward\": {s.Forward}, \"backward\": {s.Backward}, \"optimizer\": {s.Optimizer}, \"faults\": {s.Faults}}}"));
                        break;
                    case "collector":
                        CollectorSample since = CollectorSample.Now().Since(atSetup);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{{\"gen0\": {since.Gen0}, \"gen1\": {since.Gen1}, \"gen2\": {since.Gen2}, \"pause_ms\": {since.PauseMilliseconds}}}"));
                        break;
                    case "conv":
                        set_num_threads(r.GetProperty("threads").GetInt32());
                        ConvLayer layer = ConvRequest.Layer(r);
                        int batch = r.GetProperty("batch").GetInt32();
                        if (conv is null || conv.Layer != layer || conv.Batch != batch)
                        {
                            conv?.Dispose();
                            conv = new ConvProbe(layer, batch);
                        }
                        ConvSample c = conv.Run();
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{{\"forward\": {c.Forward}, \"backward\": {c.Backward}, \"faults\": {c.Faults}}}"));
                        break;
                    default:
                        return;
                }
            }
        }
        finally
        {
            step?.Dispose();
            conv?.Dispose();
        }
    }
}
