using Wsp.Cli;

// Training and prediction reuse freed native memory instead of page-faulting every step's tensors in afresh
// (WSP_KEEP_FREED_MEMORY=0 keeps glibc's default).
Wsp.Training.NativeHeap.KeepFreedMemoryUnlessTurnedOff();

using var stop = new CancellationTokenSource();
// Ctrl+C stops between steps; pretraining keeps its last finished epoch and the same command resumes from it.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await WspCommandLine.RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
