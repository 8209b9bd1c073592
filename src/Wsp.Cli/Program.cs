using Wsp.Cli;

using var stop = new CancellationTokenSource();
// Ctrl+C stops between steps; pretraining keeps its last finished epoch and the same command resumes from it.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await WspCommandLine.RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
