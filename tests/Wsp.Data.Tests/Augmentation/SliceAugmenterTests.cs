using Wsp.Data.Augmentation;
using static TorchSharp.torch;

namespace Wsp.Data.Tests.Augmentation;

public sealed class SliceAugmenterTests
{
    private static SliceAugmentationOptions Nothing() => new()
    {
        HorizontalFlipProbability = 0, VerticalFlipProbability = 0, CropProbability = 0, TranslationProbability = 0, RotationProbability = 0,
    };

    private static Tensor Images() => arange(2 * 1 * 8 * 8, ScalarType.Float32).view(2, 1, 8, 8) / 128;

    [Fact]
    public void NoTransform_ReturnsTheImages()
    {
        using var scope = NewDisposeScope();
        Tensor images = Images();
        new SliceAugmenter(Nothing()).Augment(images).allclose(images, atol: 1e-5).Should().BeTrue();
    }

    [Fact]
    public void HorizontalFlip_MirrorsColumns()
    {
        using var scope = NewDisposeScope();
        SliceAugmentationOptions options = Nothing();
        options.HorizontalFlipProbability = 1;
        Tensor images = Images();
        new SliceAugmenter(options).Augment(images).allclose(images.flip(3), atol: 1e-5).Should().BeTrue();
    }

    [Fact]
    public void VerticalFlip_MirrorsRows()
    {
        using var scope = NewDisposeScope();
        SliceAugmentationOptions options = Nothing();
        options.VerticalFlipProbability = 1;
        Tensor images = Images();
        new SliceAugmenter(options).Augment(images).allclose(images.flip(2), atol: 1e-5).Should().BeTrue();
    }

    [Fact]
    public void SameSeed_SameViews_AndTheTwoViewsDiffer()
    {
        using var scope = NewDisposeScope();
        Tensor images = rand(4, 1, 16, 16, generator: new Generator(1));
        var options = new SliceAugmentationOptions { IntensityJitterProbability = 1, NoiseProbability = 1 };
        var (a1, b1) = new SliceAugmenter(options, seed: 5).TwoViews(images);
        var (a2, b2) = new SliceAugmenter(options, seed: 5).TwoViews(images);

        a1.allclose(a2, rtol: 0, atol: 0).Should().BeTrue();
        b1.allclose(b2, rtol: 0, atol: 0).Should().BeTrue();
        a1.allclose(b1).Should().BeFalse("the two views draw their own parameters");
        images.shape.Should().Equal(4, 1, 16, 16);
        a1.shape.Should().Equal(images.shape);
    }

    [Fact]
    public void Rotation_TurnsAVerticalBarAboutTheCentre()
    {
        using var scope = NewDisposeScope();
        SliceAugmentationOptions options = Nothing();
        options.RotationProbability = 1;
        options.MaxRotationDegrees = 60;
        // A vertical bar through the centre: a rotation keeps the centre and spreads the bar across columns.
        Tensor images = zeros(3, 1, 17, 17);
        images[.., .., .., 8] = 1;
        Tensor rotated = new SliceAugmenter(options, seed: 2).Augment(images);

        rotated.shape.Should().Equal(3, 1, 17, 17);
        rotated[.., .., 8, 8].allclose(ones(3, 1), atol: 1e-5).Should().BeTrue("the centre is the fixed point of the rotation");
        Tensor columns = (arange(17, ScalarType.Float32) - 8).view(1, 1, 1, 17);
        float[] spread = ((rotated * columns.square()).sum(new long[] { 1, 2, 3 }) / rotated.sum(new long[] { 1, 2, 3 })).data<float>().ToArray();
        spread.Should().OnlyContain(s => s > 1, "a rotated bar reaches other columns (the unrotated bar has spread 0)");
        new SliceAugmenter(Nothing(), seed: 2).Augment(images).allclose(images, atol: 1e-5).Should().BeTrue("without rotation the bar stays");
    }

    [Fact]
    public void InvalidProbability_IsNamed()
    {
        var options = new SliceAugmentationOptions { CropProbability = 1.5 };
        Action create = () => _ = new SliceAugmenter(options);
        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("CropProbability");
    }

    [Fact]
    public void WrongRank_IsRejected()
    {
        Action augment = () => new SliceAugmenter().Augment(zeros(8, 8));
        augment.Should().Throw<ArgumentException>().WithMessage("*[B, C, H, W]*[8, 8]*");
    }
}
