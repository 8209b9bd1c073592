namespace Wsp.Data.Tests;
public sealed class WspDataAssemblyTests
{
    [Fact]
    public void Version_IsThePackageVersion() => Wsp.Data.WspDataAssembly.Version.Should().Be("0.1.0.0");
}
