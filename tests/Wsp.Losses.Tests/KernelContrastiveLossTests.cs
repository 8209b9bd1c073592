using TorchSharp;
using Wsp.Core;
using Wsp.Core.Kernels;
using static TorchSharp.torch;

namespace Wsp.Losses.Tests;

public sealed class KernelContrastiveLossTests
{
    public static TheoryData<string, bool, int?> OracleCases()
    {
        var data = new TheoryData<string, bool, int?>();
        foreach (string kernel in new[] { "wsp", "table", "box", "sum", "age", "supcon" })
            foreach (bool perAnchor in new[] { true, false })
                foreach (int? chunk in new int?[] { null, 1, 5 })
                    data.Add(kernel, perAnchor, chunk);
        return data;
    }

    [Theory]
    [MemberData(nameof(OracleCases))]
    public void Forward_AnyKernelNormalisationAndChunk_MatchesBruteForceOracle(string kernelName, bool perAnchor, int? chunk)
    {
        var data = new LossTestData(n: 7, d: 5, classes: 3, seed: 11);
        (IKernel kernel, Func<int, int, double> oracleKernel) = KernelPair(kernelName, data);
        var options = new ContrastiveLossOptions
        {
            Temperature = 0.2,
            Normalization = perAnchor ? ContrastiveNormalization.PerAnchor : ContrastiveNormalization.Reference,
            RowChunkSize = chunk,
        };
        using var scope = NewDisposeScope();
        using var loss = new KernelContrastiveLoss(kernel, options);

        double actual = loss.call(data.TensorA(), data.TensorB(), data.Attributes()).item<double>();

        double scale = perAnchor ? 1.0 / (2 * data.N) : 1.0 / data.N;
        double expected = BruteForceOracle.Loss(data.ViewA, data.ViewB, oracleKernel, 0.2, perAnchor, scale);
        actual.Should().BeApproximately(expected, 1e-10 * Math.Abs(expected) + 1e-12);
    }

    [Theory]
    [InlineData(0.02, ScalarType.Float32)]
    [InlineData(0.005, ScalarType.Float32)]
    [InlineData(0.002, ScalarType.Float64)]
    public void Forward_SmallTemperature_StaysFiniteAndMatchesOracle(double temperature, ScalarType dtype)
    {
        // Below tau = 1/30 (float32) or 1/300 (float64) the log-sum-exp subtracts the row maximum.
        var data = new LossTestData(n: 6, d: 4, classes: 2, seed: 9);
        using var scope = NewDisposeScope();
        using var loss = new SupConLoss(options: new ContrastiveLossOptions { Temperature = temperature, RowChunkSize = 4 });
        Tensor a = data.TensorA(dtype), b = data.TensorB(dtype);

        Tensor value = loss.call(a, b, data.Attributes());
        value.backward();

        double expected = BruteForceOracle.Loss(data.ViewA, data.ViewB, (t, j) => data.Labels[data.Slice(t)] == data.Labels[data.Slice(j)] ? 1 : 0,
            temperature, perAnchor: true, scale: 1.0 / (2 * data.N));
        value.to(ScalarType.Float64).item<double>().Should().BeApproximately(expected, 1e-4 * Math.Abs(expected));
        a.grad!.isfinite().all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void Backward_ChunkedAndWhole_GiveTheSameGradients()
    {
        var data = new LossTestData(n: 9, d: 4, classes: 2, seed: 3);
        using var scope = NewDisposeScope();
        (Tensor Loss, Tensor GradA, Tensor GradB) Run(int? chunk)
        {
            Tensor a = data.TensorA(), b = data.TensorB();
            using var loss = new WeaklySupervisedPositionalLoss(options: new ContrastiveLossOptions { RowChunkSize = chunk });
            Tensor value = loss.call(a, b, data.Attributes());
            value.backward();
            return (value, a.grad!, b.grad!);
        }

        var whole = Run(null);
        var chunked = Run(4);

        chunked.Loss.item<double>().Should().BeApproximately(whole.Loss.item<double>(), 1e-12);
        chunked.GradA.allclose(whole.GradA, rtol: 1e-10, atol: 1e-13).Should().BeTrue();
        chunked.GradB.allclose(whole.GradB, rtol: 1e-10, atol: 1e-13).Should().BeTrue();
    }

    [Fact]
    public void Backward_MatchesFiniteDifferences()
    {
        var data = new LossTestData(n: 5, d: 3, classes: 2, seed: 5);
        using var scope = NewDisposeScope();
        using var loss = new WeaklySupervisedPositionalLoss(sigma: 0.3, new ContrastiveLossOptions { Temperature = 0.5 });
        Tensor a = data.TensorA(), b = data.TensorB();
        loss.call(a, b, data.Attributes()).backward();

        const double h = 1e-6;
        double[] analytic = a.grad!.flatten().data<double>().ToArray();
        for (int index = 0; index < analytic.Length; index += 2)
        {
            double Evaluate(double delta)
            {
                using var inner = NewDisposeScope();
                using var noGrad = no_grad();
                Tensor shifted = a.detach().clone();
                shifted.view(-1)[index] += delta;
                return loss.call(shifted, b.detach(), data.Attributes()).item<double>();
            }
            double numeric = (Evaluate(h) - Evaluate(-h)) / (2 * h);
            analytic[index].Should().BeApproximately(numeric, 1e-6, $"d loss / d viewA[{index}]");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public void NtXent_CollinearViews_EqualsLogOfTwoNMinusOne(int n)
    {
        using var scope = NewDisposeScope();
        Tensor same = ones(n, 8, ScalarType.Float64);
        using var loss = new NtXentLoss();

        double value = loss.call(same, same, null).item<double>();

        value.Should().BeApproximately(Math.Log(2 * n - 1), 1e-12);
    }

    [Fact]
    public void PerAnchor_MeanOfTerms_IsTheLoss()
    {
        var data = new LossTestData(n: 6, d: 4, classes: 2, seed: 8);
        using var scope = NewDisposeScope();
        using var loss = new WeaklySupervisedPositionalLoss();

        ContrastiveLossOutput output = loss.ForwardWithPerAnchor(data.TensorA(), data.TensorB(), data.Attributes());

        output.PerAnchor.shape.Should().Equal(12);
        output.PerAnchor.requires_grad.Should().BeFalse();
        output.PerAnchor.mean().item<double>().Should().BeApproximately(output.Loss.item<double>(), 1e-12);
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void HalfPrecisionInputs_ComputeInFloat32WithoutOverflow(ScalarType dtype)
    {
        var data = new LossTestData(n: 16, d: 8, classes: 2, seed: 2);
        using var scope = NewDisposeScope();
        using var loss = new WeaklySupervisedPositionalLoss(options: new ContrastiveLossOptions { Temperature = 0.05 });
        Tensor a = data.TensorA().detach().to(dtype).requires_grad_();
        Tensor b = data.TensorB().detach().to(dtype).requires_grad_();

        Tensor value = loss.call(a, b, data.Attributes());
        value.backward();
        double reference = loss.call(a.detach().to(ScalarType.Float32), b.detach().to(ScalarType.Float32), data.Attributes()).item<float>();

        value.dtype.Should().Be(ScalarType.Float32);
        value.item<float>().Should().BeApproximately((float)reference, 1e-5f);
        a.grad!.dtype.Should().Be(dtype);
        a.grad!.isfinite().all().item<bool>().Should().BeTrue();
    }

    [Fact]
    public void DegenerateBatches_GiveFiniteLossesAndGradients()
    {
        using var scope = NewDisposeScope();
        using var loss = new WeaklySupervisedPositionalLoss();
        var single = SliceAttributes.FromArrays(new long[] { 1 }, new[] { 0.5 });
        var four = SliceAttributes.FromArrays(new long[] { 0, 1, 0, 1 }, new[] { 0.1, 0.2, 0.3, 0.4 });
        var cases = new (Tensor A, Tensor B, SliceAttributes Attributes)[]
        {
            (randn(1, 8).requires_grad_(), randn(1, 8).requires_grad_(), single),
            (ones(4, 8).requires_grad_(), ones(4, 8).requires_grad_(), four),
            (zeros(4, 8).requires_grad_(), zeros(4, 8).requires_grad_(), four),
        };

        foreach (var (a, b, attributes) in cases)
        {
            Tensor value = loss.call(a, b, attributes);
            value.backward();
            value.isfinite().item<bool>().Should().BeTrue();
            a.grad!.isfinite().all().item<bool>().Should().BeTrue();
            b.grad!.isfinite().all().item<bool>().Should().BeTrue();
        }
    }

    [Fact]
    public void AnchorsWithoutPositives_ContributeZeroThatKeepsAGradient()
    {
        using var scope = NewDisposeScope();
        using var loss = new KernelContrastiveLoss(new ZeroKernel());
        Tensor a = randn(5, 3).requires_grad_();

        Tensor value = loss.call(a, randn(5, 3), SliceAttributes.OfCount(5));
        value.backward();

        value.item<float>().Should().Be(0);
        value.requires_grad.Should().BeTrue();
        a.grad!.abs().sum().item<float>().Should().Be(0);
    }

    [Fact]
    public void NamedLosses_OnTheMetaDevice_RunWithoutReadingValues()
    {
        // Meta tensors carry shapes but no data: any host read (item, ToArray, a value check) throws.
        // The inputs require gradients, so the forward also runs the in-pass gradient computation.
        // (backward itself is not run: libtorch's normalize backward has no meta kernel.)
        var meta = new Device(DeviceType.META);
        using var scope = NewDisposeScope();
        var attributes = new SliceAttributes(
            weakLabels: zeros(32, ScalarType.Int64, meta),
            positions: zeros(32, ScalarType.Float32, meta));
        var losses = new KernelContrastiveLoss[]
        {
            new WeaklySupervisedPositionalLoss(), new NtXentLoss(), new SupConLoss(), new YAwareLoss(), new PositionalContrastiveLoss(),
            new WeaklySupervisedPositionalLoss(options: new ContrastiveLossOptions { RowChunkSize = 7 }),
            new WeaklySupervisedPositionalLoss(options: new ContrastiveLossOptions { Normalization = ContrastiveNormalization.Reference }),
        };

        foreach (KernelContrastiveLoss loss in losses)
        {
            Tensor a = randn(32, 16, device: meta).requires_grad_();
            Tensor value = loss.call(a, randn(32, 16, device: meta), attributes);
            value.device_type.Should().Be(DeviceType.META, loss.GetName());
            value.dim().Should().Be(0);
            value.requires_grad.Should().BeTrue();
            loss.Dispose();
        }
    }

    [Fact]
    public void Forward_OutsideAnyScope_LeavesOnlyItsResult()
    {
        var data = new LossTestData(n: 8, d: 4, classes: 2, seed: 4);
        using var loss = new WeaklySupervisedPositionalLoss(options: new ContrastiveLossOptions { RowChunkSize = 3 });
        using Tensor a = data.TensorA(), b = data.TensorB();
        using Tensor labels = tensor(data.Labels), positions = tensor(data.Positions);
        var attributes = new SliceAttributes(weakLabels: labels, positions: positions);
        long before = DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

        using (Tensor value = loss.call(a, b, attributes))
        {
            DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount.Should().Be(before + 2,
                "only the loss is returned, besides the sample indices 0..N-1 that the attributes make once and own");
        }
        attributes.Dispose();

        DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount.Should().Be(before);
    }

    private static (IKernel Kernel, Func<int, int, double> Oracle) KernelPair(string name, LossTestData data)
    {
        double Gaussian(double x, double y, double sigma) => Math.Exp(-(x - y) * (x - y) / (2 * sigma * sigma));
        long Label(int t) => data.Labels[data.Slice(t)];
        double Position(int t) => data.Positions[data.Slice(t)];
        return name switch
        {
            "wsp" => (new DiracKernel().Times(new GaussianKernel(0.4)),
                (t, j) => (Label(t) == Label(j) ? 1 : 0) * Gaussian(Position(t), Position(j), 0.4)),
            "table" => (TableKernel.Banded(3, new[] { 1.0, 0.5 }),
                (t, j) => Math.Abs(Label(t) - Label(j)) switch { 0 => 1, 1 => 0.5, _ => 0 }),
            "box" => (new BoxKernel(0.3), (t, j) => Math.Abs(Position(t) - Position(j)) < 0.3 ? 1 : 0),
            "sum" => (new SumKernel(new IKernel[] { new DiracKernel(), new LaplacianKernel(0.5) }, new[] { 0.25, 0.75 }),
                (t, j) => 0.25 * (Label(t) == Label(j) ? 1 : 0) + 0.75 * Math.Exp(-Math.Abs(Position(t) - Position(j)) / (2 * 0.25))),
            "age" => (new DiracKernel().Times(new GaussianKernel(2.0, SliceAttribute.Covariate("age"))),
                (t, j) => (Label(t) == Label(j) ? 1 : 0) * Gaussian(data.Ages[data.Slice(t)], data.Ages[data.Slice(j)], 2.0)),
            "supcon" => (new DiracKernel(), (t, j) => Label(t) == Label(j) ? 1 : 0),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    private sealed class ZeroKernel : IKernel
    {
        public IReadOnlyList<SliceAttribute> Attributes { get; } = new[] { SliceAttribute.SampleIndex };

        public Tensor Evaluate(SliceAttributes rows, SliceAttributes columns) =>
            zeros(rows.Count, columns.Count, device: rows.Device);
    }
}
