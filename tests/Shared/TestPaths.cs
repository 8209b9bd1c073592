namespace Wsp.Tests.Shared;

/// <summary>Locates the repository and the read-only shared data beside it (../shared).</summary>
internal static class TestPaths
{
    /// <summary>The repository root (the folder holding Wsp.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A file under ../shared, or the path in <paramref name="environmentVariable"/> when it is set.</summary>
    public static string SharedFile(string relativePath, string environmentVariable)
    {
        string? overridden = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
            return Path.GetFullPath(overridden);
        return Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", relativePath));
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wsp.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Wsp.sln was not found above {AppContext.BaseDirectory}.");
    }
}
