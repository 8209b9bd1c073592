using System.Collections.Concurrent;
using Spectre.Console;

namespace Wsp.Samples.CirrhosisTraining;

/// <summary>Shows each stage of the experiment as a progress bar in the console.</summary>
public static class ConsoleProgress
{
    /// <summary>Runs <paramref name="work"/>, drawing a bar per stage it reports.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="work">The work, given the progress sink.</param>
    public static Task<T> RunAsync<T>(Func<IProgress<StageProgress>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(context =>
            {
                var tasks = new ConcurrentDictionary<string, ProgressTask>();
                var sink = new SynchronousProgress<StageProgress>(report =>
                {
                    ProgressTask task = tasks.GetOrAdd(report.Stage, stage => context.AddTask(Markup.Escape(stage), maxValue: 1000));
                    task.Value = Math.Max(task.Value, Math.Clamp(report.Fraction, 0, 1) * 1000);
                    task.Description = report.Detail is null
                        ? Markup.Escape(report.Stage)
                        : $"{Markup.Escape(report.Stage)} [grey]{Markup.Escape(report.Detail)}[/]";
                    if (report.Fraction >= 1)
                        task.StopTask();
                });
                return work(sink);
            });
    }
}
