using static TorchSharp.torch;

namespace Wsp.Losses.Tests;

/// <summary>Seeded random inputs for the loss tests, as host arrays and tensors.</summary>
internal sealed class LossTestData
{
    public LossTestData(int n, int d, int classes, int seed)
    {
        var random = new Random(seed);
        N = n;
        D = d;
        ViewA = Matrix(random, n, d);
        ViewB = Matrix(random, n, d);
        Labels = Enumerable.Range(0, n).Select(_ => (long)random.Next(classes)).ToArray();
        Positions = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        Ages = Enumerable.Range(0, n).Select(_ => 4 + 4 * random.NextDouble()).ToArray();
    }

    public int N { get; }
    public int D { get; }
    public double[,] ViewA { get; }
    public double[,] ViewB { get; }
    public long[] Labels { get; }
    public double[] Positions { get; }
    public double[] Ages { get; }

    public Tensor TensorA(ScalarType dtype = ScalarType.Float64) => ToTensor(ViewA, dtype);
    public Tensor TensorB(ScalarType dtype = ScalarType.Float64) => ToTensor(ViewB, dtype);

    public Wsp.Core.SliceAttributes Attributes(Device? device = null) => new(
        weakLabels: tensor(Labels, device: device),
        positions: tensor(Positions, ScalarType.Float64, device: device),
        covariates: new Dictionary<string, Tensor> { ["age"] = tensor(Ages, ScalarType.Float64, device: device) });

    /// <summary>Attribute of stacked row t (rows t and t + N are the same slice).</summary>
    public int Slice(int t) => t % N;

    private static double[,] Matrix(Random random, int n, int d)
    {
        var m = new double[n, d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++)
                m[i, k] = random.NextDouble() * 2 - 1;
        return m;
    }

    private static Tensor ToTensor(double[,] m, ScalarType dtype) =>
        tensor(m.Cast<double>().ToArray(), new long[] { m.GetLength(0), m.GetLength(1) }, ScalarType.Float64).to(dtype).requires_grad_();
}
