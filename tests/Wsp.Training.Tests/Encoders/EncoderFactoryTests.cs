using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Training.Tests.Encoders;

public sealed class EncoderFactoryTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(512)]
    public void TinyNet_AcceptsSlicesFrom64To512Pixels(int size)
    {
        using var scope = NewDisposeScope();
        using SliceEncoder encoder = EncoderFactory.Create();
        using var noGrad = no_grad();
        Tensor images = randn(2, 1, size, size);

        encoder.Represent(images).shape.Should().Equal(2, 512);
        encoder.Project(images).shape.Should().Equal(2, 128);
        encoder.Classify(images).shape.Should().Equal(2, 2);
    }

    [Fact]
    public void TinyNet_KeepsImagesApartAtInitialisation()
    {
        // With libtorch's default initialisation the projections of different slices agree to a cosine of
        // 0.9999 and contrastive losses start collapsed; He initialisation keeps the activations' scale.
        using var scope = NewDisposeScope();
        manual_seed(3);
        using SliceEncoder encoder = EncoderFactory.Create();
        using var noGrad = no_grad();
        // Smooth random patterns of different brightness, closer to windowed CT slices than white noise.
        Tensor images = nn.functional.interpolate(rand(16, 1, 8, 8), new long[] { 64, 64 }, mode: InterpolationMode.Bilinear) * (rand(16, 1, 1, 1) + 0.5);

        Tensor projections = nn.functional.normalize(encoder.Project(images), dim: 1);
        Tensor cosines = projections.matmul(projections.t());
        double meanOffDiagonal = (cosines.sum().item<float>() - 16) / (16 * 15);
        Tensor representations = encoder.Represent(images);
        double relativeSpread = representations.std(0).mean().item<float>() / representations.abs().mean().item<float>();

        meanOffDiagonal.Should().BeLessThan(0.99);
        relativeSpread.Should().BeGreaterThan(0.05);
        representations.abs().mean().item<float>().Should().BeGreaterThan(0.05f, "He initialisation keeps the activations' scale through the five layers");
        encoder.Backbone.named_parameters().Where(p => p.name.EndsWith(".bias", StringComparison.Ordinal))
            .Should().OnlyContain(p => p.parameter.abs().max().item<float>() == 0);
    }

    [Theory]
    [InlineData(EncoderArchitecture.ResNet18, 11_170_240, 512)]
    [InlineData(EncoderArchitecture.ResNet34, 21_278_400, 512)]
    [InlineData(EncoderArchitecture.ResNet50, 23_501_760, 2048)]
    public void ResNetBackbones_HaveTorchvisionsParameterCountsWithAOneChannelStem(EncoderArchitecture architecture, long parameters, int representation)
    {
        // torchvision's counts without the final fc layer, less the two stem input channels (2 x 64 x 7 x 7).
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { Architecture = architecture });
        encoder.Backbone.parameters().Sum(p => p.numel()).Should().Be(parameters);
        encoder.RepresentationSize.Should().Be(representation);
    }

    [Fact]
    public void ResNet18_UsesPyTorchParameterNames()
    {
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { Architecture = EncoderArchitecture.ResNet18 });
        var keys = encoder.state_dict().Keys.ToHashSet();
        keys.Should().Contain(new[]
        {
            "backbone.conv1.weight", "backbone.bn1.running_mean", "backbone.layer1.0.conv1.weight", "backbone.layer1.1.bn2.bias",
            "backbone.layer2.0.downsample.0.weight", "backbone.layer2.0.downsample.1.running_var", "backbone.layer4.1.conv2.weight",
            "projection.0.weight", "projection.2.bias", "classifier.weight",
        });
        keys.Should().NotContain(k => k.StartsWith("backbone.fc", StringComparison.Ordinal));
    }

    [Fact]
    public void ResNet18_ThreeChannelStem_ForRgbWeights()
    {
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { Architecture = EncoderArchitecture.ResNet18, InputChannels = 3 });
        encoder.state_dict()["backbone.conv1.weight"].shape.Should().Equal(64, 3, 7, 7);
    }

    [Fact]
    public void Outputs_AreAskedForByName_AndForwardIsTheProjection()
    {
        using var scope = NewDisposeScope();
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { ProjectionSizes = new[] { 64, 32, 16 }, ClassCount = 3 });
        using var noGrad = no_grad();
        Tensor images = randn(2, 1, 64, 64);

        encoder.Represent(images).shape.Should().Equal(2, 512);
        encoder.Project(images).shape.Should().Equal(2, 16);
        encoder.Classify(images).shape.Should().Equal(2, 3);
        encoder.call(images).Should().Match<Tensor>(t => t.allclose(encoder.Project(images), 0, 0, false));
    }

    [Fact]
    public void Create_WithASeed_IsRepeatable_AndLeavesTheCallersRandomStateAlone()
    {
        using var scope = NewDisposeScope();
        manual_seed(123);
        Tensor expectedNext = rand(4);
        manual_seed(123);

        using SliceEncoder first = EncoderFactory.Create(new EncoderOptions(), seed: 5);
        Tensor next = rand(4);
        using SliceEncoder second = EncoderFactory.Create(new EncoderOptions(), seed: 5);
        using SliceEncoder other = EncoderFactory.Create(new EncoderOptions(), seed: 6);

        next.Should().Match<Tensor>(t => t.allclose(expectedNext, 0, 0, false), "creating an encoder must not consume the caller's random numbers");
        first.parameters().Zip(second.parameters()).Should().OnlyContain(p => p.First.allclose(p.Second, 0, 0, false));
        first.parameters().First().allclose(other.parameters().First(), 0, 0, false).Should().BeFalse("another seed gives other weights");
    }

    [Fact]
    public void Copy_HasTheSameWeights_AndIsIndependent()
    {
        using var scope = NewDisposeScope();
        using SliceEncoder source = EncoderFactory.Create(new EncoderOptions { Architecture = EncoderArchitecture.ResNet18 }, seed: 3);
        using SliceEncoder copy = EncoderFactory.Copy(source);

        copy.Describe().Should().Be(source.Describe());
        copy.state_dict().Should().OnlyContain(kv => kv.Value.allclose(source.state_dict()[kv.Key], 0, 0, false));
        using (no_grad())
            copy.parameters().First().add_(1);
        copy.parameters().First().allclose(source.parameters().First(), 0, 0, false).Should().BeFalse("the copy owns its weights");
    }

    [Fact]
    public void Images_BelowTheMinimumSize_AreRefusedByName_BeforeLibTorch()
    {
        using var scope = NewDisposeScope();
        using SliceEncoder encoder = EncoderFactory.Create();
        Action tooSmall = () => encoder.Represent(randn(1, 1, 16, 16));

        tooSmall.Should().Throw<ArgumentException>().WithMessage("*at least 32 x 32*16 x 16*");
        FluentActions.Invoking(() => EncoderFactory.ValidateInputSize(16)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => EncoderFactory.ValidateInputSize(32)).Should().NotThrow();
    }

    [Fact]
    public void Images_OfWrongRank_AreRejected()
    {
        using SliceEncoder encoder = EncoderFactory.Create();
        encoder.Invoking(e => e.Represent(zeros(1, 64, 64))).Should().Throw<ArgumentException>().WithMessage("*[B, C, H, W]*[1, 64, 64]*");
    }

    [Fact]
    public void Options_AreValidated()
    {
        Action create = () => EncoderFactory.Create(new EncoderOptions { ClassCount = 1 });
        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("ClassCount");
    }
}
