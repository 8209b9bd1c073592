using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Wsp.Benchmarks;

// dotnet run -c Release --project benchmarks/Wsp.Benchmarks -- --memory          loss peak memory table
// dotnet run -c Release --project benchmarks/Wsp.Benchmarks -- --loader-memory   loader peak memory, cohort > cache budget
// dotnet run -c Release --project benchmarks/Wsp.Benchmarks -- --training-memory training step memory, with and without gradient caching
// dotnet run -c Release --project benchmarks/Wsp.Benchmarks -- --loss-curve      loss forward + backward over N, against the matmul floor
// dotnet run -c Release --project benchmarks/Wsp.Benchmarks -- --check-contiguous-adam  the library's ContiguousAdam against TorchSharp's Adam
// dotnet run -c Release --project benchmarks/Wsp.Benchmarks -- --step-compare    training steps against PyTorch (benchmarks/pytorch)
// dotnet run -c Release --project benchmarks/Wsp.Benchmarks -- --training-throughput  slices per second, TinyNet and ResNet-18
// dotnet run -c Release --project benchmarks/Wsp.Benchmarks -- --synthetic-cohort  time to generate the 300-patient synthetic cohort
// dotnet run -c Release --project benchmarks/Wsp.Benchmarks -- --prediction       prediction of one 512 x 512 x 100 CT, TorchSharp and ONNX Runtime
// dotnet run -c Release --project benchmarks/Wsp.Benchmarks -- --prediction-memory  its peak memory, one fresh process per encoder and runtime
// dotnet run -c Release --project benchmarks/Wsp.Benchmarks -- --filter '*' BenchmarkDotNet timings
int single = Array.IndexOf(args, "--memory-one");
if (single >= 0)
{
    PeakMemory.MeasureHere(args[single + 1], int.Parse(args[single + 2], System.Globalization.CultureInfo.InvariantCulture));
    return;
}
int trainingOne = Array.IndexOf(args, "--training-memory-one");
if (trainingOne >= 0)
{
    TrainingMemory.MeasureHere(int.Parse(args[trainingOne + 1], System.Globalization.CultureInfo.InvariantCulture), bool.Parse(args[trainingOne + 2]));
    return;
}
if (args.Contains("--loss-curve"))
{
    LossCurve.Report(args);
    return;
}
if (args.Contains("--check-contiguous-adam"))
{
    // ContiguousAdam against TorchSharp's Adam: three steps from the same weights and inputs.
    foreach (bool pretrain in new[] { true, false })
    {
        using var plain = new WspStep(Wsp.Training.Encoders.EncoderArchitecture.ResNet18, 32, 8, pretrain, torchSharpAdam: true);
        using var flat = new WspStep(Wsp.Training.Encoders.EncoderArchitecture.ResNet18, 32, 8, pretrain);
        for (int i = 0; i < 3; i++) { plain.Step(); flat.Step(); }
        using var a = plain.Parameters();
        using var b = flat.Parameters();
        using var initial = new WspStep(Wsp.Training.Encoders.EncoderArchitecture.ResNet18, 32, 8, pretrain);
        using var before = initial.Parameters();
        Console.WriteLine($"pretrain {pretrain}: max |contiguous - TorchSharp| {(a - b).abs().max().item<float>():E2}, max |plain - initial| {(a - before).abs().max().item<float>():E2}");
    }
    return;
}
if (args.Contains("--step-worker"))
{
    WspStepWorker.Run(args);
    return;
}
if (args.Contains("--layer-profile"))
{
    LayerProfile.Report(args);
    return;
}
if (args.Contains("--step-compare"))
{
    StepComparison.Report(args);
    return;
}
if (args.Contains("--training-throughput"))
{
    TrainingThroughput.Report();
    return;
}
if (args.Contains("--training-memory"))
{
    TrainingMemory.Report();
    return;
}
int loaderOne = Array.IndexOf(args, "--loader-memory-one");
if (loaderOne >= 0)
{
    LoaderMemory.ReportOne(augment: args[loaderOne + 1] == "augmented", bounded: args[loaderOne + 2] == "bounded");
    return;
}
if (args.Contains("--loader-memory"))
{
    LoaderMemory.Report();
    return;
}
if (args.Contains("--synthetic-cohort"))
{
    // Its own short job: one generation takes tens of seconds, so no warm-up and three measured iterations.
    BenchmarkRunner.Run<SyntheticCohortBenchmarks>(DefaultConfig.Instance.AddJob(Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(0)
        .WithIterationCount(3)
        .WithInvocationCount(1)
        .WithUnrollFactor(1)));
    return;
}
int predictionOne = Array.IndexOf(args, "--prediction-memory-one");
if (predictionOne >= 0)
{
    PredictionMemory.MeasureHere(Enum.Parse<Wsp.Training.Encoders.EncoderArchitecture>(args[predictionOne + 1]), args[predictionOne + 2]);
    return;
}
if (args.Contains("--encoder-forward"))
{
    EncoderForward.Report();
    return;
}
if (args.Contains("--prediction-memory"))
{
    PredictionMemory.Report();
    return;
}
if (args.Contains("--prediction"))
{
    // Seconds per operation: a short job, every method measured in the same run.
    BenchmarkRunner.Run<PredictionBenchmarks>(DefaultConfig.Instance.AddJob(Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(1)
        .WithIterationCount(5)
        .WithInvocationCount(1)
        .WithUnrollFactor(1)));
    return;
}
if (args.Contains("--memory"))
{
    PeakMemory.Report(new[] { 64, 256, 1024, 4096 });
    return;
}

// In process: libtorch is large, and a separately built benchmark host would copy it for every run.
// One invocation per iteration: a forward + backward at N = 4096 takes seconds.
var config = DefaultConfig.Instance.AddJob(Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithWarmupCount(2)
    .WithIterationCount(8)
    .WithInvocationCount(1)
    .WithUnrollFactor(1));
BenchmarkSwitcher.FromAssembly(typeof(WspLossBenchmarks).Assembly).Run(args, config);
