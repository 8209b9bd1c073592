using Wsp.Core.Kernels;
using static TorchSharp.torch;

namespace Wsp.Core.Tests.Kernels;

public sealed class KernelPropertyTests
{
    // A property, not a field: tensors created inside a test's dispose scope must not outlive it.
    private static SliceAttributes Slices => new(
        weakLabels: tensor(new long[] { 0, 1, 2, 1, 0, 3, 2 }),
        positions: tensor(new[] { 0.0, 0.05, 0.3, 0.31, 0.7, 0.95, 0.5 }, ScalarType.Float64),
        covariates: new Dictionary<string, Tensor> { ["age"] = tensor(new[] { 50.0, 61.0, 47.5, 70.0, 33.0, 58.0, 64.0 }) });

    public static TheoryData<string> KernelNames() => new()
    {
        "gaussian", "laplacian", "exponential", "box", "grade", "dirac", "table", "identity", "product", "sum", "age",
    };

    private static IKernel Create(string name) => name switch
    {
        "gaussian" => new GaussianKernel(0.85),
        "laplacian" => new LaplacianKernel(0.5),
        "exponential" => new ExponentialKernel(),
        "box" => new BoxKernel(0.1),
        "grade" => new GradeDistanceKernel(),
        "dirac" => new DiracKernel(),
        "table" => TableKernel.Banded(4, new[] { 1.0, 0.5 }),
        "identity" => new SampleIdentityKernel(),
        "product" => new DiracKernel().Times(new GaussianKernel(0.85)),
        "sum" => new SumKernel(new DiracKernel(), new BoxKernel(0.2)),
        "age" => new GaussianKernel(10, SliceAttribute.Covariate("age")),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static TheoryData<string> WeakLabelKernelNames() => new() { "grade", "dirac", "table", "product", "gaussian-on-label" };

    [Theory]
    [MemberData(nameof(WeakLabelKernelNames))]
    public void Evaluate_UnknownWeakLabel_PairsWithNothing(string name)
    {
        using var scope = NewDisposeScope();
        IKernel kernel = name == "gaussian-on-label" ? new GaussianKernel(1, SliceAttribute.WeakLabel) : Create(name);
        // Slices 1 and 4 have unknown labels (-1), the loader's encoding of a missing weak label; 1 and 4 share it.
        var slices = new SliceAttributes(weakLabels: tensor(new long[] { 0, -1, 2, 1, -1, 0 }),
            positions: tensor(new[] { 0.1, 0.2, 0.3, 0.4, 0.2, 0.1 }, ScalarType.Float64));

        float[,] weights = ToMatrix(kernel.Evaluate(slices, slices));

        foreach (int unknown in new[] { 1, 4 })
        {
            for (int j = 0; j < 6; j++)
            {
                weights[unknown, j].Should().Be(0, $"slice {unknown} has no weak label, so it pairs with nothing (column {j})");
                weights[j, unknown].Should().Be(0, $"slice {unknown} has no weak label, so nothing pairs with it (row {j})");
            }
        }
        weights[0, 5].Should().BeGreaterThan(0, "two known, equal labels still pair");
    }

    private static float[,] ToMatrix(Tensor weights)
    {
        float[] values = weights.to(ScalarType.Float32).data<float>().ToArray();
        int n = (int)weights.shape[0], m = (int)weights.shape[1];
        var matrix = new float[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
                matrix[i, j] = values[i * m + j];
        return matrix;
    }

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void Evaluate_IsSymmetricBoundedAndOneOnTheDiagonal(string name)
    {
        using var scope = NewDisposeScope();
        Tensor weights = Create(name).Evaluate(Slices, Slices);

        weights.shape.Should().Equal(7, 7);
        weights.allclose(weights.t()).Should().BeTrue("kernels are symmetric");
        weights.min().to(ScalarType.Float64).item<double>().Should().BeGreaterThanOrEqualTo(0);
        weights.max().to(ScalarType.Float64).item<double>().Should().BeLessThanOrEqualTo(1);
        weights.diagonal().to(ScalarType.Float64).allclose(ones(7, ScalarType.Float64)).Should().BeTrue("k(x, x) = 1");
    }

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void Evaluate_RectangularBlock_MatchesTheFullMatrix(string name)
    {
        using var scope = NewDisposeScope();
        IKernel kernel = Create(name);
        Tensor full = kernel.Evaluate(Slices, Slices);

        Tensor block = kernel.Evaluate(Slices.Narrow(2, 3), Slices);

        block.shape.Should().Equal(3, 7);
        block.allclose(full.narrow(0, 2, 3)).Should().BeTrue();
    }

    [Fact]
    public void Gaussian_MatchesItsFormula()
    {
        using var scope = NewDisposeScope();
        double value = new GaussianKernel(0.85).Evaluate(Slices.Narrow(0, 1), Slices.Narrow(2, 1)).item<double>();
        value.Should().BeApproximately(Math.Exp(-0.3 * 0.3 / (2 * 0.85 * 0.85)), 1e-15);
    }

    [Fact]
    public void Laplacian_UsesTheAuthorsGamma()
    {
        using var scope = NewDisposeScope();
        double value = new LaplacianKernel(0.5).Evaluate(Slices.Narrow(0, 1), Slices.Narrow(4, 1)).item<double>();
        value.Should().BeApproximately(Math.Exp(-0.7 / (2 * 0.25)), 1e-15);
    }

    [Fact]
    public void Box_IncludesOnlyStrictlyCloserSlices()
    {
        using var scope = NewDisposeScope();
        float[] row = new BoxKernel(0.1).Evaluate(Slices.Narrow(2, 1), Slices).to(ScalarType.Float64).data<double>().Select(v => (float)v).ToArray();
        row.Should().Equal(0, 0, 1, 1, 0, 0, 0);
    }

    [Fact]
    public void BandedTable_GivesOneHalfZero()
    {
        var table = TableKernel.Banded(4, new[] { 1.0, 0.5 });
        table[1, 1].Should().Be(1);
        table[1, 2].Should().Be(0.5);
        table[0, 3].Should().Be(0);
    }

    [Fact]
    public void Times_FlattensNestedProducts()
    {
        ProductKernel product = new DiracKernel().Times(new GaussianKernel(1)).Times(new BoxKernel(0.2));
        product.Factors.Should().HaveCount(3);
        product.Attributes.Should().BeEquivalentTo(new[] { SliceAttribute.WeakLabel, SliceAttribute.Position });
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Bandwidths_MustBePositiveAndFinite(double value)
    {
        ((Action)(() => _ = new GaussianKernel(value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("sigma");
        ((Action)(() => _ = new LaplacianKernel(value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("sigma");
        ((Action)(() => _ = new BoxKernel(value))).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("gamma");
    }

    [Fact]
    public void Table_NotSymmetric_IsRejected()
    {
        Action create = () => _ = new TableKernel(new[,] { { 1.0, 0.2 }, { 0.3, 1.0 } });
        create.Should().Throw<ArgumentException>().WithMessage("*symmetric*table[0, 1] = 0.2*");
    }

    [Fact]
    public void Table_OutOfBounds_IsRejected()
    {
        Action create = () => _ = new TableKernel(new[,] { { 1.5 } });
        create.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*table[0, 0] must be in [0, 1]*");
    }

    [Fact]
    public void Sum_CoefficientsAboveOne_AreRejected()
    {
        Action create = () => _ = new SumKernel(new IKernel[] { new DiracKernel(), new BoxKernel(0.1) }, new[] { 0.8, 0.8 });
        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("coefficients");
    }

    [Fact]
    public void Product_OfOneKernel_IsRejected()
    {
        Action create = () => _ = new ProductKernel(new DiracKernel());
        create.Should().Throw<ArgumentException>().WithMessage("*at least two*");
    }
}
