namespace Wsp.Data;

/// <summary>Marks the Wsp.Data assembly; the NIfTI reader, slice selection and samplers arrive with the data pipeline.</summary>
public static class WspDataAssembly
{
    /// <summary>The package's version, from its assembly metadata.</summary>
    public static string Version => typeof(WspDataAssembly).Assembly.GetName().Version?.ToString() ?? "unknown";
}
