using Spectre.Console;
using Wsp.Samples.CirrhosisTraining;
using Wsp.Samples.CirrhosisTraining.Reporting;

// The end-to-end cirrhosis experiment: see SampleOptions.Help, or run with --help.
SampleOptions? options;
try
{
    options = SampleOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (options is null)
{
    Console.WriteLine(SampleOptions.Help);
    return 0;
}

// Training and prediction reuse freed native memory instead of page-faulting every step's tensors in afresh
// (WSP_KEEP_FREED_MEMORY=0 keeps glibc's default).
Wsp.Training.NativeHeap.KeepFreedMemoryUnlessTurnedOff();

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    var runner = new ExperimentRunner(options);
    AnsiConsole.MarkupLine($"[bold]Wsp cirrhosis experiment[/]: {Markup.Escape(options.Describe())}, device {runner.ResolveDevice().type}");
    ExperimentResults results = await ConsoleProgress.RunAsync(progress => runner.RunAsync(progress, cancellation.Token));
    var uncertainty = UncertaintyTable.Compute(results.Results, options.Seed);
    IReadOnlyList<string> files = ReportWriter.WriteAll(options, results, uncertainty);
    AnsiConsole.Write(ResultsTableWriter.ToSpectreTable(results.Results));
    AnsiConsole.Write(UncertaintyTable.ToSpectreTable(uncertainty));
    AnsiConsole.WriteLine(UncertaintyTable.Caveat);
    AnsiConsole.MarkupLine($"Finished in {results.Elapsed.TotalMinutes:F1} min; wrote {files.Count} files to [bold]{Markup.Escape(Path.GetFullPath(options.OutputDirectory))}[/].");
    return 0;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Cancelled; finished pretraining epochs are checkpointed and a rerun with the same options resumes them.");
    return 130;
}
catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException or KeyNotFoundException)
{
    Console.Error.WriteLine($"Error: {e.Message}");
    return 1;
}
