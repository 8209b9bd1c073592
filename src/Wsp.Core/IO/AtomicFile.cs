namespace Wsp.Core.IO;

/// <summary>
/// Writes files so that neither a reader nor a crash ever sees half of one: the content goes to a temporary
/// file beside the destination (the same folder, so the final rename is atomic), which then replaces it. The
/// temporary file is removed if writing fails.
/// </summary>
public static class AtomicFile
{
    /// <summary>Lets <paramref name="writeTemporary"/> fill a temporary file, then moves it to <paramref name="path"/>.</summary>
    /// <param name="path">The destination; an existing file is replaced.</param>
    /// <param name="writeTemporary">Writes the whole content to the path it is given.</param>
    /// <param name="temporaryExtension">Appended to the temporary name, for writers that choose the format by extension (e.g. ".png").</param>
    public static void Write(string path, Action<string> writeTemporary, string temporaryExtension = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(writeTemporary);
        string temporary = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8] + temporaryExtension;
        try
        {
            writeTemporary(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="contents"/> as UTF-8 (without a byte-order mark) to <paramref name="path"/>.</summary>
    /// <param name="path">The destination; an existing file is replaced.</param>
    /// <param name="contents">The text.</param>
    public static void WriteAllText(string path, string contents) => Write(path, temporary => File.WriteAllText(temporary, contents));
}
