using System.Text.Json;
using Wsp.Tests.Shared;

namespace Wsp.Data.Tests.Nifti;

/// <summary>../shared/nifti/manifest.json (or the file named by WSP_NIFTI_CASES): real files with nibabel's ground truth.</summary>
internal static class NiftiManifest
{
    /// <summary>The variable that points the manifest tests (and only them) at another manifest.</summary>
    public const string Variable = "WSP_NIFTI_CASES";

    private static readonly Lazy<(string Folder, List<(string Id, JsonElement Entry)> Entries)> Cache = new(Load);

    public static IEnumerable<string> Ids => Cache.Value.Entries.Select(e => e.Id);

    public static JsonElement Entry(string id) => Cache.Value.Entries.First(e => e.Id == id).Entry;

    public static string PathOf(string relative) => Path.Combine(Cache.Value.Folder, relative);

    /// <summary>Where the manifest is read from now.</summary>
    public static string ManifestPath() => TestPaths.SharedFile("nifti/manifest.json", Variable);

    private static (string, List<(string, JsonElement)>) Load()
    {
        string path = ManifestPath();
        if (!File.Exists(path))
            throw new FileNotFoundException($"The NIfTI manifest was not found at {path}; set {Variable} to a manifest of the same format.", path);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        var entries = document.RootElement.GetProperty("files").EnumerateArray()
            .Select(e => (e.GetProperty("id").GetString()!, e.Clone()))
            .ToList();
        return (Path.GetDirectoryName(path)!, entries);
    }
}
