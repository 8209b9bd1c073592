namespace Wsp.Benchmarks;

/// <summary>Locates ../shared beside the repository (the benchmarks run from their build folder).</summary>
internal static class SharedData
{
    public static string NiftiFolder { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wsp.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "nifti"));
        }
        throw new DirectoryNotFoundException("Wsp.sln was not found above " + AppContext.BaseDirectory);
    }
}
