using Wsp.Samples.CirrhosisStudy;

// The controlled study of issue 11: see StudyOptions.Help, or run with --help.
StudyOptions? options;
try
{
    options = StudyOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (options is null)
{
    Console.WriteLine(StudyOptions.Help);
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
    IReadOnlyList<StudyCell> cells = StudyGrid.Cells(options.Seeds);
    if (!options.ReportOnly)
        await new StudyRunner(options, Console.Out).RunAsync(cells, cancellation.Token);
    StudyResults results = StudyResults.Read(options.RunsDirectory, cells);
    if (results.FinishedCells.Count == 0)
    {
        Console.Error.WriteLine($"No finished cell under {Path.GetFullPath(options.RunsDirectory)}; nothing to report.");
        return 1;
    }
    foreach (string file in StudyReport.Write(options.ReportDirectory, results))
        Console.WriteLine($"Wrote {file}");
    return 0;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Cancelled; finished cells are kept and a rerun resumes the interrupted one from its checkpoints.");
    return 130;
}
catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine($"Error: {e.Message}");
    return 1;
}
