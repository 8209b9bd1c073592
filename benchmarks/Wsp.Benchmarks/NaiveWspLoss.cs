using TorchSharp;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// The WSP loss written the direct way: every [2N, 2N] intermediate materialised and differentiated by
/// autograd (as the authors' code does). The comparison point for speed and memory.
/// </summary>
internal static class NaiveWspLoss
{
    public static Tensor Compute(Tensor viewA, Tensor viewB, Tensor labels, Tensor positions, double sigma, double temperature)
    {
        using var scope = NewDisposeScope();
        Tensor z = nn.functional.normalize(cat(new[] { viewA, viewB }), p: 2, dim: 1);
        long rows = z.shape[0];
        Tensor self = eye(rows, dtype: ScalarType.Bool, device: z.device);
        Tensor logProbabilities = z.mm(z.t()).div(temperature).masked_fill(self, double.NegativeInfinity).log_softmax(1);

        Tensor y = cat(new[] { labels, labels });
        Tensor d = cat(new[] { positions, positions });
        Tensor weights = y.unsqueeze(1).eq(y.unsqueeze(0)).to(z.dtype)
            * (d.unsqueeze(1) - d.unsqueeze(0)).square().mul(-1 / (2 * sigma * sigma)).exp().to(z.dtype);
        weights = weights.masked_fill(self, 0);
        weights = weights / weights.sum(1, keepdim: true);
        Tensor loss = (weights * logProbabilities.masked_fill(self, 0)).sum(1).neg().mean();
        return loss.MoveToOuterDisposeScope();
    }
}
