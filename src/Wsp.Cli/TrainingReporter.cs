using System.Globalization;
using Spectre.Console;
using Wsp.Training;

namespace Wsp.Cli;

/// <summary>
/// Shows pretraining as it goes: a Spectre.Console progress bar on an interactive terminal, else one line per epoch
/// (logs and tests read the lines).
/// </summary>
internal static class TrainingReporter
{
    public static async Task<T> RunAsync<T>(TextWriter output, string title, int epochs, Func<IProgress<TrainingProgress>, Task<T>> work)
    {
        bool interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            return await work(new Reporter(p =>
            {
                if (p.Step == 1) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title}: epoch {p.Epoch}/{p.Epochs} started"));
            })).ConfigureAwait(false);
        }
        T value = default!;
        await AnsiConsole.Progress().StartAsync(async context =>
        {
            ProgressTask task = context.AddTask(title, maxValue: epochs);
            value = await work(new Reporter(p =>
            {
                task.Value = p.Epoch - 1;
                task.Description = string.Create(CultureInfo.InvariantCulture, $"{title}: epoch {p.Epoch}/{p.Epochs}, loss {p.Loss:F3}, {p.SlicesPerSecond:F0} slices/s");
            })).ConfigureAwait(false);
            task.Value = epochs;
        }).ConfigureAwait(false);
        return value;
    }

    // Reports synchronously on the training thread: Progress<T> would post to the thread pool, out of order.
    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
