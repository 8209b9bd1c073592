namespace Wsp.Cli.Tests;

/// <summary>Runs the tool in-process, capturing what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> Of(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await WspCommandLine.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
