using System.Text.Json;
using Wsp.Tests.Shared;

namespace Wsp.Data.Tests.Nifti;

/// <summary>../shared/nifti/manifest.json (or the file named by WSP_NIFTI_CASES): real files with nibabel's ground truth.</summary>
internal static class NiftiManifest
{
    private static readonly Lazy<(string Folder, Dictionary<string, JsonElement> Entries)> Cache = new(Load);

    public static IEnumerable<string> Ids => Cache.Value.Entries.Keys;

    public static JsonElement Entry(string id) => Cache.Value.Entries[id];

    public static string PathOf(string relative) => Path.Combine(Cache.Value.Folder, relative);

    private static (string, Dictionary<string, JsonElement>) Load()
    {
        string path = TestPaths.SharedFile("nifti/manifest.json", "WSP_NIFTI_CASES");
        if (!File.Exists(path))
            throw new FileNotFoundException($"The NIfTI manifest was not found at {path}; set WSP_NIFTI_CASES to a manifest of the same format.", path);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        var entries = document.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.Clone());
        return (Path.GetDirectoryName(path)!, entries);
    }
}
