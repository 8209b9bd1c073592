using Wsp.Tests.Shared;

namespace Wsp.Data.Tests.Volumes;

/// <summary>
/// The real CT and its liver map in ../shared/nifti. They have their own location, not the manifest's:
/// WSP_NIFTI_CASES redirects only the manifest tests.
/// </summary>
internal static class RealImages
{
    public static string PathOf(string fileName) =>
        Path.GetFullPath(Path.Combine(TestPaths.RepositoryRoot, "..", "shared", "nifti", fileName));
}
