using Wsp.Tests.Shared;
namespace Wsp.Core.Tests;

public sealed class TorchSharpNativeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-native-").FullName;

    [Fact]
    public void EnsureLoaded_OnThisHost_Succeeds() =>
        FluentActions.Invoking(TorchSharpNative.EnsureLoaded).Should().NotThrow();

    [LinuxFact("the libstdc++ version check applies to Linux hosts only")]
    public void Explain_OldLibStdCxxOnLinux_SaysWhatIsMissingAndWhatToDo()
    {
        string oldLibrary = Path.Combine(_folder, "libstdc++.so.6");
        File.WriteAllBytes(oldLibrary, System.Text.Encoding.ASCII.GetBytes("GLIBCXX_3.4.29\0GLIBCXX_3.4.30\0"));

        string message = TorchSharpNative.Explain(new NotSupportedException("backend missing\nmore"), oldLibrary);

        message.Should().Contain(oldLibrary).And.Contain("lacks GLIBCXX_3.4.32").And.Contain("GCC 13")
            .And.Contain("WspPatchLibTorchSharp").And.EndWith("TorchSharp said: backend missing");
    }

    [Fact]
    public void Explain_RecentLibStdCxx_PointsAtTheBackendPackage()
    {
        string recentLibrary = Path.Combine(_folder, "libstdc++.so.6");
        File.WriteAllBytes(recentLibrary, System.Text.Encoding.ASCII.GetBytes("GLIBCXX_3.4.32\0"));

        string message = TorchSharpNative.Explain(new NotSupportedException("backend missing"), recentLibrary);

        message.Should().Contain("TorchSharp-cpu").And.NotContain("lacks");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
