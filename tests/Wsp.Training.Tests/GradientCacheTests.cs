using Wsp.Losses;
using TorchSharp;
using Wsp.Core;
using Wsp.Training.Encoders;
using Wsp.Training;
using static TorchSharp.torch;

namespace Wsp.Training.Tests;

public sealed class GradientCacheTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(64)]
    public void Step_GivesThePlainBatchsLossAndGradients(int chunkSize)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { TinyNetRepresentationSize = 16, ProjectionSizes = new[] { 8 } });
        encoder.to(ScalarType.Float64);
        Tensor viewA = randn(10, 1, 32, 32, ScalarType.Float64), viewB = randn(10, 1, 32, 32, ScalarType.Float64);
        var attributes = new SliceAttributes(weakLabels: randint(0, 2, 10), positions: rand(10, ScalarType.Float64));
        using var loss = new WeaklySupervisedPositionalLoss();

        encoder.zero_grad();
        Tensor plain = loss.call(encoder.call(viewA), encoder.call(viewB), attributes);
        plain.backward();
        // The classifier head takes no part in the loss: its gradients stay null on both paths.
        Tensor?[] plainGradients = encoder.parameters().Select(p => p.grad?.clone()).ToArray();

        encoder.zero_grad();
        Tensor cached = GradientCache.Step(encoder, viewA, viewB, attributes, loss, chunkSize);
        Tensor?[] cachedGradients = encoder.parameters().Select(p => p.grad).ToArray();

        cached.item<double>().Should().BeApproximately(plain.item<double>(), 1e-12);
        cachedGradients.Should().HaveCount(plainGradients.Length);
        plainGradients.Count(g => g is not null).Should().BeGreaterThan(10);
        for (int i = 0; i < plainGradients.Length; i++)
        {
            if (plainGradients[i] is null)
            {
                cachedGradients[i].Should().BeNull();
                continue;
            }
            cachedGradients[i]!.allclose(plainGradients[i]!, rtol: 1e-9, atol: 1e-12).Should().BeTrue($"parameter {i}");
        }
    }

    [Fact]
    public void Step_ViewsOfDifferentShapes_AreRejected()
    {
        using SliceEncoder encoder = EncoderFactory.Create();
        using var loss = new NtXentLoss();
        Action step = () => GradientCache.Step(encoder, zeros(4, 1, 32, 32), zeros(3, 1, 32, 32), null, loss, 2);
        step.Should().Throw<ArgumentException>().WithMessage("*[4, 1, 32, 32]*[3, 1, 32, 32]*");
    }
}
