namespace Wsp.Models;

/// <summary>A model file cannot be used: missing, truncated, damaged, not a Wsp model, or of a newer format.</summary>
public sealed class ModelFormatException : IOException
{
    /// <summary>Creates the error.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="reason">Why it cannot be used.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public ModelFormatException(string path, string reason, Exception? inner = null)
        : base($"{path}: {reason}", inner)
    {
        ModelPath = path;
    }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }
}
