namespace Wsp.Cli;

/// <summary>A patient's name made safe as a file name.</summary>
internal static class FileNames
{
    public static string Safe(string name)
    {
        char[] invalid = Path.GetInvalidFileNameChars();
        string safe = new(name.Select(c => invalid.Contains(c) || c is '/' or '\\' ? '_' : c).ToArray());
        return safe is "" or "." or ".." ? "_" + safe : safe;
    }
}
