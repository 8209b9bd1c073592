using BenchmarkDotNet.Attributes;
using Wsp.Losses;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// WSP loss forward + backward against (a) the three bare matrix products of the same shapes, the
/// arithmetic floor, and (b) the naive implementation that materialises every [2N, 2N] intermediate.
/// </summary>
[MemoryDiagnoser]
public class WspLossBenchmarks
{
    private LossInputs _inputs = null!;
    private WeaklySupervisedPositionalLoss _chunked = null!;
    private WeaklySupervisedPositionalLoss _whole = null!;

    [Params(64, 256, 1024, 4096)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(2);
        _inputs = new LossInputs(N);
        _chunked = new WeaklySupervisedPositionalLoss();
        _whole = new WeaklySupervisedPositionalLoss(options: new ContrastiveLossOptions { RowChunkSize = int.MaxValue });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _inputs.Dispose();
        _chunked.Dispose();
        _whole.Dispose();
    }

    [Benchmark(Baseline = true, Description = "3 bare matmuls (floor)")]
    public float MatmulFloor()
    {
        using var scope = NewDisposeScope();
        Tensor similarities = _inputs.Stacked.mm(_inputs.Stacked.t());
        Tensor rowsGradient = _inputs.Dense.mm(_inputs.Stacked);
        Tensor columnsGradient = _inputs.Dense.t().mm(_inputs.Stacked);
        return similarities[0, 0].item<float>() + rowsGradient[0, 0].item<float>() + columnsGradient[0, 0].item<float>();
    }

    [Benchmark(Description = "3 matmuls into preallocated outputs")]
    public float MatmulFloorInPlace()
    {
        // The same products without allocating (and page-faulting) fresh outputs: the stricter floor.
        _inputs.SimilarityOutput.addmm_(_inputs.Stacked, _inputs.Stacked.t(), 0, 1);
        _inputs.RowsOutput.addmm_(_inputs.Dense, _inputs.Stacked, 0, 1);
        _inputs.ColumnsOutput.addmm_(_inputs.Dense.t(), _inputs.Stacked, 0, 1);
        return _inputs.SimilarityOutput[0, 0].item<float>() + _inputs.RowsOutput[0, 0].item<float>() + _inputs.ColumnsOutput[0, 0].item<float>();
    }

    [Benchmark(Description = "WSP loss, chunked (default)")]
    public float Chunked() => Run(_chunked);

    [Benchmark(Description = "WSP loss, one block")]
    public float OneBlock() => Run(_whole);

    [Benchmark(Description = "naive, autograd")]
    public float Naive()
    {
        using var scope = NewDisposeScope();
        _inputs.ClearGradients();
        Tensor loss = NaiveWspLoss.Compute(_inputs.ViewA, _inputs.ViewB, _inputs.Labels, _inputs.Positions, 0.85, 0.1);
        loss.backward();
        return _inputs.ViewA.grad![0, 0].item<float>();
    }

    private float Run(WeaklySupervisedPositionalLoss loss)
    {
        using var scope = NewDisposeScope();
        _inputs.ClearGradients();
        Tensor value = loss.call(_inputs.ViewA, _inputs.ViewB, _inputs.Attributes);
        value.backward();
        return _inputs.ViewA.grad![0, 0].item<float>();
    }
}
