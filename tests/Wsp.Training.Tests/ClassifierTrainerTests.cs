using Wsp.Training.Encoders;
using Wsp.Evaluation;
using Wsp.Training;
using static TorchSharp.torch;

namespace Wsp.Training.Tests;

public sealed class ClassifierTrainerTests
{
    // Class 1 slices carry a bright square; class 0 do not. Deterministic per seed.
    private static (Tensor Images, Tensor Labels) Toy(int seed, int n)
    {
        var generator = new Generator((ulong)seed);
        Tensor labels = randint(0, 2, new long[] { n }, generator: generator);
        Tensor images = randn(new long[] { n, 1, 32, 32 }, generator: generator) * 0.3;
        images[.., .., 8..24, 8..24] += labels.to(ScalarType.Float32).view(n, 1, 1, 1) * 2;
        return (images, labels);
    }

    private static async IAsyncEnumerable<(Tensor, Tensor)> Epoch(int epoch)
    {
        for (int b = 0; b < 4; b++)
        {
            yield return Toy(1000 * epoch + b, 16);
            await Task.Yield();
        }
    }

    private static SliceEncoder Encoder()
    {
        manual_seed(4);
        return EncoderFactory.Create(new EncoderOptions { TinyNetRepresentationSize = 16, ProjectionSizes = new[] { 8 } });
    }

    [Fact]
    public async Task FineTuning_LearnsASeparableTask()
    {
        using var scope = NewDisposeScope();
        using SliceEncoder encoder = Encoder();
        using var trainer = new ClassifierTrainer(encoder, new ClassifierOptions { Epochs = 8, LearningRate = 3e-3 });

        IReadOnlyList<double> losses = await trainer.TrainAsync(Epoch, new[] { 1.0, 1.0 });
        var (images, labels) = Toy(seed: 77, n: 64);
        double[] probabilities = trainer.PredictProbabilities(new[] { images });

        losses[^1].Should().BeLessThan(losses[0]);
        BinaryMetrics.RocAuc(labels.data<long>().Select(l => (int)l).ToArray(), probabilities).Should().BeGreaterThan(0.95);
    }

    [Fact]
    public async Task LinearEvaluation_LeavesTheBackboneUntouched()
    {
        using var scope = NewDisposeScope();
        using SliceEncoder encoder = Encoder();
        var backboneBefore = encoder.Backbone.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        Tensor headBefore = encoder.ClassifierHead.parameters().First().clone();
        using var trainer = new ClassifierTrainer(encoder, new ClassifierOptions { Epochs = 2, LearningRate = 1e-2, FreezeBackbone = true });

        await trainer.TrainAsync(Epoch, new[] { 1.0, 1.0 });

        foreach (var (key, value) in encoder.Backbone.state_dict())
            value.allclose(backboneBefore[key], 0, 0).Should().BeTrue(key);
        encoder.ClassifierHead.parameters().First().allclose(headBefore).Should().BeFalse("the head is trained");
    }

    [Fact]
    public async Task LabelOutsideTheClasses_IsRefused()
    {
        using SliceEncoder encoder = Encoder();
        using var trainer = new ClassifierTrainer(encoder);
        static async IAsyncEnumerable<(Tensor, Tensor)> Bad(int epoch)
        {
            yield return (randn(2, 1, 32, 32), tensor(new long[] { 0, 2 }));
            await Task.Yield();
        }

        Func<Task> train = () => trainer.TrainAsync(Bad, new[] { 1.0, 1.0 });

        await train.Should().ThrowAsync<ArgumentException>().WithMessage("*outside the classifier's 2 classes*");
    }

    [Fact]
    public async Task NonFiniteLoss_IsRefusedNamingTheEpochAndStep_BeforeTheWeightsChange()
    {
        using SliceEncoder encoder = Encoder();
        Tensor[] before = encoder.parameters().Select(p => p.detach().clone()).ToArray();
        using var trainer = new ClassifierTrainer(encoder);
        static async IAsyncEnumerable<(Tensor, Tensor)> WithNaN(int epoch)
        {
            yield return (randn(2, 1, 32, 32), tensor(new long[] { 0, 1 }));
            yield return (full(2, 1, 32, 32, double.NaN), tensor(new long[] { 0, 1 }));
            await Task.Yield();
        }

        Func<Task> train = () => trainer.TrainAsync(WithNaN, new[] { 1.0, 1.0 });

        await train.Should().ThrowAsync<InvalidOperationException>().WithMessage("The classification loss became NaN at epoch 1, step 2*");
        encoder.parameters().Zip(before).Count(pair => !pair.First.allclose(pair.Second, 0, 0))
            .Should().BePositive("step 1 was applied");
        encoder.parameters().Should().OnlyContain(p => p.isfinite().all().item<bool>(), "step 2 was not");
    }

    [Fact]
    public void BalancedClassWeights_FollowScikitLearn()
    {
        ClassifierTrainer.BalancedClassWeights(new[] { 0, 0, 0, 1 }, 2).Should().Equal(new[] { 4.0 / 6, 2.0 }, (a, b) => Math.Abs(a - b) < 1e-15);
        Action oneClass = () => ClassifierTrainer.BalancedClassWeights(new[] { 0, 0 }, 2);
        oneClass.Should().Throw<ArgumentException>().WithMessage("*Class 1 has no training sample*");
    }
}
