namespace Wsp.Data.Nifti;

/// <summary>A file is not a readable NIfTI/Analyze image; the message names the file and the reason.</summary>
public sealed class NiftiFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The offending file.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public NiftiFormatException(string path, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        FilePath = path;
        Reason = reason;
    }

    /// <summary>The offending file.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }
}
