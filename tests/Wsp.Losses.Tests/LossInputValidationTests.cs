using Wsp.Core;
using Wsp.Core.Kernels;
using static TorchSharp.torch;

namespace Wsp.Losses.Tests;

public sealed class LossInputValidationTests
{
    private static SliceAttributes FourSlices => SliceAttributes.FromArrays(new long[] { 0, 1, 0, 1 }, new[] { 0.1, 0.2, 0.3, 0.4 });

    private static Action Call(Tensor a, Tensor b, SliceAttributes? attributes, ContrastiveLossOptions? options = null) => () =>
    {
        using var loss = new WeaklySupervisedPositionalLoss(options: options);
        loss.call(a, b, attributes).Dispose();
    };

    [Fact]
    public void Views_WithDifferentN_NameBothShapes() =>
        Call(randn(4, 8), randn(3, 8), FourSlices).Should().Throw<ArgumentException>()
            .WithMessage("*viewA is [4, 8]*viewB is [3, 8]*").Which.ParamName.Should().Be("viewB");

    [Fact]
    public void View_OfWrongRank_NamesItsShape() =>
        Call(randn(4, 8, 2), randn(4, 8, 2), FourSlices).Should().Throw<ArgumentException>()
            .WithMessage("*viewA must be a matrix*[4, 8, 2]*").Which.ParamName.Should().Be("viewA");

    [Fact]
    public void Attributes_OfWrongLength_NameBothCounts() =>
        Call(randn(5, 8), randn(5, 8), FourSlices).Should().Throw<ArgumentException>()
            .WithMessage("*describe 4 slices*hold 5 embeddings*").Which.ParamName.Should().Be("attributes");

    [Fact]
    public void Views_OfDifferentDtypes_AreRejected() =>
        Call(randn(4, 8), randn(4, 8, ScalarType.Float64), FourSlices).Should().Throw<ArgumentException>()
            .WithMessage("*same dtype*Float32*Float64*");

    [Fact]
    public void Views_OnDifferentDevices_AreRejected() =>
        Call(randn(4, 8), randn(4, 8, device: new Device(TorchSharp.DeviceType.META)), FourSlices).Should().Throw<ArgumentException>()
            .WithMessage("*same device*");

    [Fact]
    public void Attributes_OnAnotherDevice_AreRejected()
    {
        var meta = new Device(TorchSharp.DeviceType.META);
        Call(randn(4, 8, device: meta), randn(4, 8, device: meta), FourSlices).Should().Throw<ArgumentException>()
            .WithMessage("*attributes are on cpu*embeddings on meta*");
    }

    [Fact]
    public void IntegerEmbeddings_AreRejected() =>
        Call(ones(4, 8, ScalarType.Int64), ones(4, 8, ScalarType.Int64), FourSlices).Should().Throw<ArgumentException>()
            .WithMessage("*floating point*");

    [Fact]
    public void MissingAttribute_NamesIt() =>
        Call(randn(4, 8), randn(4, 8), new SliceAttributes(weakLabels: tensor(new long[] { 0, 1, 0, 1 }))).Should().Throw<ArgumentException>()
            .WithMessage("*reads the position*");

    [Fact]
    public void NoAttributes_ForAKernelThatNeedsThem_NamesTheAttribute() =>
        Call(randn(4, 8), randn(4, 8), null).Should().Throw<ArgumentException>()
            .WithMessage("*reads the weak label*no slice attributes*");

    [Fact]
    public void NonFinitePosition_IsReportedWhenValueChecksAreOn()
    {
        var attributes = SliceAttributes.FromArrays(new long[] { 0, 1, 0, 1 }, new[] { 0.1, double.NaN, 0.3, 0.4 });
        Call(randn(4, 8), randn(4, 8), attributes, new ContrastiveLossOptions { ValidateAttributeValues = true })
            .Should().Throw<ArgumentException>().WithMessage("*positions must be finite*slice 1*NaN*");
    }

    [Fact]
    public void NegativeLabel_IsReportedWhenValueChecksAreOn()
    {
        var attributes = SliceAttributes.FromArrays(new long[] { 0, -2, 0, 1 }, new[] { 0.1, 0.2, 0.3, 0.4 });
        Call(randn(4, 8), randn(4, 8), attributes, new ContrastiveLossOptions { ValidateAttributeValues = true })
            .Should().Throw<ArgumentException>().WithMessage("*weakLabels must be non-negative*slice 1*-2*");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Temperature_NotPositiveAndFinite_IsRejectedAtConstruction(double temperature)
    {
        Action create = () => new NtXentLoss(new ContrastiveLossOptions { Temperature = temperature }).Dispose();
        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("Temperature");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Sigma_NotPositive_IsRejectedAtConstruction(double sigma)
    {
        Action create = () => new WeaklySupervisedPositionalLoss(sigma).Dispose();
        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("sigma");
    }

    [Fact]
    public void RowChunkSize_Zero_IsRejected()
    {
        Action create = () => new NtXentLoss(new ContrastiveLossOptions { RowChunkSize = 0 }).Dispose();
        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("RowChunkSize");
    }

    [Fact]
    public void Options_ChangedAfterConstruction_DoNotAffectTheLoss()
    {
        var options = new ContrastiveLossOptions { Temperature = 0.5 };
        using var loss = new NtXentLoss(options);
        options.Temperature = -1;
        loss.Temperature.Should().Be(0.5);
    }
}
