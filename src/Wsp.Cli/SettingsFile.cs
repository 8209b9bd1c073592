using System.Globalization;
using System.Text.Json;

namespace Wsp.Cli;

/// <summary>
/// <c>--settings file.json</c>: a JSON object whose keys are a command's option names without the dashes (the file a
/// run writes as its effective settings has this form). Its values become options, unless the command line gives the
/// same option, which wins.
/// </summary>
internal static class SettingsFile
{
    public const string OptionName = "--settings";

    public static string[] Expand(string[] args)
    {
        int at = Array.IndexOf(args, OptionName);
        if (at < 0)
            return args;
        if (at + 1 >= args.Length)
            throw new ArgumentException($"{OptionName} needs a JSON file.");
        string path = args[at + 1];
        if (!File.Exists(path))
            throw new FileNotFoundException($"{OptionName}: no such file {path}.", path);
        var given = args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var expanded = args.Take(at).Concat(args.Skip(at + 2)).ToList();
        using JsonDocument document = Parse(path);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{path}: a settings file holds one JSON object of option names and values.");
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            string name = "--" + property.Name;
            if (given.Contains(name))
                continue;
            foreach (string token in Tokens(path, name, property.Value))
                expanded.Add(token);
        }
        return expanded.ToArray();
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    private static IEnumerable<string> Tokens(string path, string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.False => [],
        JsonValueKind.True => [name],
        JsonValueKind.String => [name, value.GetString()!],
        JsonValueKind.Number => [name, value.GetRawText()],
        JsonValueKind.Array => value.EnumerateArray().SelectMany(item => Tokens(path, name, item)),
        _ => throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: '{name[2..]}' must be a string, number, boolean or list, not {value.ValueKind}.")),
    };
}
