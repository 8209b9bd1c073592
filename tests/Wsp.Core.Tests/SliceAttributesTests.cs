using static TorchSharp.torch;

namespace Wsp.Core.Tests;

public sealed class SliceAttributesTests
{
    [Fact]
    public void Constructor_LengthsDiffer_NamesTheShape()
    {
        Action create = () => _ = new SliceAttributes(weakLabels: zeros(4, ScalarType.Int64), positions: zeros(3));
        create.Should().Throw<ArgumentException>().WithMessage("*length 4*positions has shape [3]*").Which.ParamName.Should().Be("positions");
    }

    [Fact]
    public void Constructor_FloatLabels_AreRejected()
    {
        Action create = () => _ = new SliceAttributes(weakLabels: zeros(4));
        create.Should().Throw<ArgumentException>().WithMessage("*weakLabels must hold integers*Float32*");
    }

    [Fact]
    public void Constructor_IntegerPositions_AreRejected()
    {
        Action create = () => _ = new SliceAttributes(positions: zeros(4, ScalarType.Int64));
        create.Should().Throw<ArgumentException>().WithMessage("*positions must hold floating-point*");
    }

    [Fact]
    public void Constructor_MatrixAttribute_IsRejected()
    {
        Action create = () => _ = new SliceAttributes(positions: zeros(4, 2));
        create.Should().Throw<ArgumentException>().WithMessage("*shape [4, 2]*");
    }

    [Fact]
    public void Constructor_DifferentDevices_AreRejected()
    {
        Action create = () => _ = new SliceAttributes(weakLabels: zeros(4, ScalarType.Int64), positions: zeros(4, device: new Device(TorchSharp.DeviceType.META)));
        create.Should().Throw<ArgumentException>().WithMessage("*one device*positions is on meta*");
    }

    [Fact]
    public void Get_MissingAttribute_NamesIt()
    {
        var attributes = new SliceAttributes(positions: zeros(4));
        Action read = () => attributes.Get(SliceAttribute.Covariate("age"));
        read.Should().Throw<ArgumentException>().WithMessage("*covariate 'age'*");
    }

    [Fact]
    public void ForTwoViews_RepeatsAttributesAndSharesSampleIndices()
    {
        using var scope = NewDisposeScope();
        SliceAttributes views = SliceAttributes.FromArrays(new long[] { 3, 4, 5 }, new[] { 0.1, 0.2, 0.3 }).ForTwoViews();

        views.Count.Should().Be(6);
        views.WeakLabels!.data<long>().ToArray().Should().Equal(3, 4, 5, 3, 4, 5);
        views.Get(SliceAttribute.SampleIndex).data<long>().ToArray().Should().Equal(0, 1, 2, 0, 1, 2);
    }

    [Fact]
    public void ValidateValues_NegativeLabel_NamesTheSlice()
    {
        var attributes = SliceAttributes.FromArrays(new long[] { 0, 2, -1 }, null);
        attributes.Invoking(a => a.ValidateValues()).Should().Throw<ArgumentException>().WithMessage("*slice 2 has -1*");
    }

    [Fact]
    public void ValidateValues_InfinitePosition_NamesTheSlice()
    {
        var attributes = SliceAttributes.FromArrays(null, new[] { 0.5, double.PositiveInfinity });
        attributes.Invoking(a => a.ValidateValues()).Should().Throw<ArgumentException>().WithMessage("*positions must be finite*slice 1*");
    }

    [Fact]
    public void DefaultSampleIndices_AreMadeOnce_AndOutliveTheScopeThatAskedFirst()
    {
        using var attributes = new SliceAttributes(positions: tensor(new[] { 0.1, 0.5, 0.9 }));
        Tensor first;
        using (NewDisposeScope())
            first = attributes.Get(SliceAttribute.SampleIndex);

        Tensor second = attributes.Get(SliceAttribute.SampleIndex);
        second.Should().BeSameAs(first);
        second.IsInvalid.Should().BeFalse("the cached indices must survive the dispose scope of the first call");
        second.data<long>().ToArray().Should().Equal(0, 1, 2);
    }

    [Fact]
    public void Dispose_FreesWhatTheAttributesMade_AndLeavesTheCallersTensors()
    {
        Tensor callers = tensor(new long[] { 0, 1, 1 });
        var attributes = new SliceAttributes(weakLabels: callers);
        SliceAttributes views = attributes.ForTwoViews();
        Tensor doubled = views.WeakLabels!;

        views.Dispose();
        attributes.Dispose();

        doubled.IsInvalid.Should().BeTrue("ForTwoViews made that tensor, so its attributes own it");
        callers.IsInvalid.Should().BeFalse("the caller's tensor is the caller's");
        callers.Dispose();
    }
}
