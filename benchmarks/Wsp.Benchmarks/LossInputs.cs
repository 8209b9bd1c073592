using Wsp.Core;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>Seeded random embeddings and attributes of N slices (D = 128, float32, CPU).</summary>
internal sealed class LossInputs : IDisposable
{
    public const int Dimension = 128;

    public LossInputs(int n)
    {
        manual_seed(42);
        N = n;
        ViewA = randn(n, Dimension).requires_grad_();
        ViewB = randn(n, Dimension).requires_grad_();
        Labels = randint(0, 3, n);
        Positions = rand(n);
        Attributes = new SliceAttributes(weakLabels: Labels, positions: Positions);
        // For the arithmetic floor: the embeddings and a dense [2N, 2N] matrix of the same shapes.
        Stacked = randn(2 * n, Dimension);
        Dense = randn(2 * n, 2 * n);
        SimilarityOutput = empty(2 * n, 2 * n);
        RowsOutput = empty(2 * n, Dimension);
        ColumnsOutput = empty(2 * n, Dimension);
    }

    public int N { get; }
    public Tensor ViewA { get; }
    public Tensor ViewB { get; }
    public Tensor Labels { get; }
    public Tensor Positions { get; }
    public SliceAttributes Attributes { get; }
    public Tensor Stacked { get; }
    public Tensor Dense { get; }
    public Tensor SimilarityOutput { get; }
    public Tensor RowsOutput { get; }
    public Tensor ColumnsOutput { get; }

    public void ClearGradients()
    {
        ViewA.grad?.Dispose();
        ViewB.grad?.Dispose();
        ViewA.grad = null;
        ViewB.grad = null;
    }

    public void Dispose()
    {
        ClearGradients();
        foreach (Tensor t in new[] { ViewA, ViewB, Labels, Positions, Stacked, Dense, SimilarityOutput, RowsOutput, ColumnsOutput })
            t.Dispose();
    }
}
