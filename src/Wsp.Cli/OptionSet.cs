using System.CommandLine;

namespace Wsp.Cli;

/// <summary>
/// A command's options, each registered with a reader of its parsed value, so that every run can write the settings it
/// actually used (<see cref="Effective"/>) in the form a settings file takes back.
/// </summary>
internal sealed class OptionSet(Command command)
{
    private readonly List<(string Name, Func<ParseResult, object?> Read)> _readers = [];

    public Command Command => command;

    public Option<T> Add<T>(string name, string description, T defaultValue)
    {
        var option = new Option<T>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        return Register(option);
    }

    public Option<T> Required<T>(string name, string description)
    {
        var option = new Option<T>(name) { Description = description, Required = true };
        return Register(option);
    }

    public Option<string?> Optional(string name, string description) => Register(new Option<string?>(name) { Description = description });

    public Option<T?> OptionalNumber<T>(string name, string description)
        where T : struct => Register(new Option<T?>(name) { Description = description });

    public Option<string[]> Many(string name, string description)
    {
        var option = new Option<string[]>(name) { Description = description, AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        return Register(option);
    }

    /// <summary>Every option's value in this run, by name without the dashes.</summary>
    public IReadOnlyDictionary<string, object?> Effective(ParseResult result) =>
        _readers.ToDictionary(r => r.Name, r => r.Read(result), StringComparer.Ordinal);

    private Option<T> Register<T>(Option<T> option)
    {
        command.Options.Add(option);
        _readers.Add((option.Name.TrimStart('-'), result => result.GetValue(option)));
        return option;
    }
}
