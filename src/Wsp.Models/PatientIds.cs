namespace Wsp.Models;

/// <summary>A patient's default name: its image's file name without the NIfTI extensions.</summary>
internal static class PatientIds
{
    private static readonly string[] Extensions = [".nii.gz", ".nii", ".hdr.gz", ".hdr", ".img.gz", ".img"];

    public static string FromPath(string path)
    {
        string name = Path.GetFileName(path);
        string? extension = Extensions.FirstOrDefault(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        return extension is null || extension.Length == name.Length ? name : name[..^extension.Length];
    }
}
