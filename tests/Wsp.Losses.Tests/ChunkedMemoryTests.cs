using Wsp.Tests.Shared;
using Wsp.Core;
using static TorchSharp.torch;

namespace Wsp.Losses.Tests;

public sealed class ChunkedMemoryTests
{
    [LinuxFact("peak resident memory is read from /proc")]
    public void WspLoss_N8192_RunsForwardAndBackwardWithinFourGigabytes()
    {
        const int n = 8192, d = 128;
        using var scope = NewDisposeScope();
        manual_seed(7);
        Tensor a = randn(n, d).requires_grad_();
        Tensor b = randn(n, d).requires_grad_();
        var attributes = new SliceAttributes(weakLabels: randint(0, 3, n), positions: rand(n));
        using var loss = new WeaklySupervisedPositionalLoss();
        long baseline = PeakResidentBytes.ResetAndRead();

        Tensor value = loss.call(a, b, attributes);
        value.backward();

        long peakIncrease = PeakResidentBytes.Read() - baseline;
        value.isfinite().item<bool>().Should().BeTrue();
        a.grad!.isfinite().all().item<bool>().Should().BeTrue();
        peakIncrease.Should().BeLessThan(4L << 30, "the chunked path never holds a [2N, 2N] matrix (2N = 16384 would be 1 GiB per matrix)");
    }
}
