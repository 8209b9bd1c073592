namespace Wsp.Samples.CirrhosisTraining.Reporting;

/// <summary>Writes a file under a temporary name and moves it into place, so that a reader never sees half a file.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, ".tmp", temporary => File.WriteAllText(temporary, text));

    /// <summary>
    /// Lets <paramref name="write"/> fill a temporary file named <paramref name="path"/> + <paramref name="temporarySuffix"/>,
    /// then moves it to <paramref name="path"/>; the temporary file is removed if writing fails.
    /// </summary>
    public static void Write(string path, string temporarySuffix, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string temporary = path + temporarySuffix;
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
