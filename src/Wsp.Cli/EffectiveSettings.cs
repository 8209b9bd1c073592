using System.Text.Json;
using Wsp.Core.IO;

namespace Wsp.Cli;

/// <summary>Writes a run's settings next to its outputs, so that <c>--settings</c> can repeat it.</summary>
internal static class EffectiveSettings
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Write(string folder, string command, IReadOnlyDictionary<string, object?> settings)
    {
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"{command}-settings.json");
        var kept = settings.Where(s => s.Value is not null && s.Key != "settings").ToDictionary(s => s.Key, s => s.Value);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(kept, Json) + "\n");
        return path;
    }
}
