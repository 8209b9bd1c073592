using System.CommandLine;
using System.Text.Json;

namespace Wsp.Cli;

/// <summary>
/// The <c>wsp</c> tool's commands. Every failure the user can fix (a bad option, table, volume or model file) ends with
/// one line naming the problem and exit code 2; Ctrl+C ends with 130; nothing prints a stack trace unless
/// <c>WSP_DEBUG=1</c>.
/// </summary>
internal static class WspCommandLine
{
    public const int UserError = 2, Stopped = 130, InternalError = 70;

    public static RootCommand Build(TextWriter output)
    {
        var root = new RootCommand("wsp: weakly-supervised positional contrastive learning for CT volumes. Generate a cohort, pretrain an encoder, fit a patient classifier, predict new patients, export to ONNX. Every command takes --settings FILE.json (option names without dashes as keys; command-line options win) and writes its effective settings next to its outputs.");
        root.Subcommands.Add(SynthCommand.Create(output));
        root.Subcommands.Add(PretrainCommand.Create(output));
        root.Subcommands.Add(CompareCommand.Create(output));
        root.Subcommands.Add(FitCommand.Create(output));
        root.Subcommands.Add(PredictCommand.Create(output));
        root.Subcommands.Add(ExportCommand.Create(output));
        foreach (Command command in Leaves(root))
            command.Options.Add(new Option<string?>(SettingsFile.OptionName) { Description = "A JSON file of option values (keys: option names without dashes); options given on the command line win." });
        return root;
    }

    // The commands that act (export onnx, not export), each of which takes --settings.
    private static IEnumerable<Command> Leaves(Command command) =>
        command.Subcommands.SelectMany(c => c.Subcommands.Count == 0 ? [c] : Leaves(c));

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        try
        {
            ParseResult parsed = Build(output).Parse(SettingsFile.Expand(args));
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("wsp: stopped. A pretraining run keeps its last finished epoch: the same command resumes from it.");
            return Stopped;
        }
        catch (Exception e) when (IsUserError(e))
        {
            error.WriteLine($"wsp: error: {Message(e)}");
            if (Environment.GetEnvironmentVariable("WSP_DEBUG") == "1")
                error.WriteLine(e);
            return UserError;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine($"wsp: internal error ({e.GetType().Name}): {e.Message}. Please report it; WSP_DEBUG=1 prints the details.");
            if (Environment.GetEnvironmentVariable("WSP_DEBUG") == "1")
                error.WriteLine(e);
            return InternalError;
        }
    }

    private static bool IsUserError(Exception e) =>
        e is ArgumentException or InvalidDataException or IOException or NotSupportedException or JsonException or UnauthorizedAccessException or FormatException;

    // An error from deep in a cohort names its subject and file in the outer message; the inner one adds nothing.
    private static string Message(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } aggregate ? Message(aggregate.InnerExceptions[0]) : e.Message;
}
