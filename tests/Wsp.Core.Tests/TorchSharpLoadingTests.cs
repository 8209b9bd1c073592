using static TorchSharp.torch;

namespace Wsp.Core.Tests;

/// <summary>The first tensor operation works in a project built in this repository (see README: Linux hosts with an older libstdc++).</summary>
public sealed class TorchSharpLoadingTests
{
    [Fact]
    public void FirstTensorOperation_Works()
    {
        using var scope = NewDisposeScope();
        __version__.Should().StartWith("2.10");
        (ones(3) * 2).sum().item<float>().Should().Be(6);
    }
}
