using Wsp.Core;
using Wsp.Core.Encoders;
using Wsp.Core.Training;
using static TorchSharp.torch;

namespace Wsp.Losses.Tests;

public sealed class ContrastivePretrainerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-pretrain-").FullName;

    private static SliceEncoder NewEncoder(int seed, EncoderArchitecture architecture = EncoderArchitecture.TinyNet)
    {
        manual_seed(seed);
        return EncoderFactory.Create(new EncoderOptions { Architecture = architecture, TinyNetRepresentationSize = 8, ProjectionSizes = new[] { 8 } });
    }

    // Deterministic per epoch, as the Wsp.Data samplers and augmenters are.
    private static async IAsyncEnumerable<ContrastiveBatch> Batches(int epoch)
    {
        var generator = new Generator((ulong)(100 + epoch));
        for (int step = 0; step < 3; step++)
        {
            Tensor viewA = randn(new long[] { 8, 1, 32, 32 }, generator: generator);
            Tensor viewB = viewA + randn(new long[] { 8, 1, 32, 32 }, generator: generator) * 0.1;
            var attributes = new SliceAttributes(
                weakLabels: randint(0, 2, new long[] { 8 }, generator: generator),
                positions: rand(new long[] { 8 }, generator: generator));
            yield return new ContrastiveBatch(viewA, viewB, attributes);
            await Task.Yield();
        }
    }

    private static PretrainingOptions Options(int epochs, string? checkpoints) => new()
    {
        Epochs = epochs, LearningRate = 1e-3, WarmupEpochs = epochs > 1 ? 1 : 0, GradientClipNorm = 5, CheckpointDirectory = checkpoints,
    };

    [Fact]
    public async Task Resume_ContinuesExactlyLikeAnUninterruptedRun()
    {
        using var loss = new WeaklySupervisedPositionalLoss();
        IReadOnlyList<double> uninterrupted;
        Tensor[] finalWeights;
        using (SliceEncoder encoder = NewEncoder(7))
        using (var trainer = new ContrastivePretrainer(encoder, loss, Options(4, null)))
        {
            uninterrupted = (await trainer.TrainAsync(Batches)).ToArray();
            finalWeights = encoder.parameters().Select(p => p.detach().clone()).ToArray();
        }

        // The same run, stopped during epoch 3 (after epoch 2's checkpoint)...
        string checkpoints = Path.Combine(_folder, "run");
        using (SliceEncoder encoder = NewEncoder(7))
        using (var trainer = new ContrastivePretrainer(encoder, loss, Options(4, checkpoints)))
        using (var stop = new CancellationTokenSource())
        {
            var progress = new SynchronousProgress(p => { if (p.Epoch == 3 && p.Step == 2) stop.Cancel(); });
            Func<Task> train = () => trainer.TrainAsync(Batches, progress, stop.Token);
            await train.Should().ThrowAsync<OperationCanceledException>();
            trainer.EpochLosses.Should().HaveCount(2);
        }

        // ...then resumed by a new process, whose encoder starts from other weights that the checkpoint replaces.
        using (SliceEncoder encoder = NewEncoder(999))
        using (var trainer = new ContrastivePretrainer(encoder, loss, Options(4, checkpoints)))
        {
            IReadOnlyList<double> resumed = await trainer.TrainAsync(Batches);
            resumed.Should().Equal(uninterrupted, (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Abs(b));
            encoder.parameters().Zip(finalWeights).Should().OnlyContain(pair => pair.First.allclose(pair.Second, 0, 0, false));
        }
        uninterrupted[^1].Should().BeLessThan(uninterrupted[0], "the loss falls");
        Directory.GetDirectories(checkpoints).Select(Path.GetFileName).Should().Equal("epoch-0004");
    }

    [Fact]
    public async Task InterruptedSave_LeavesThePreviousCheckpointReadable()
    {
        using var loss = new NtXentLoss();
        string checkpoints = Path.Combine(_folder, "crash");
        using (SliceEncoder encoder = NewEncoder(1))
        using (var trainer = new ContrastivePretrainer(encoder, loss, Options(2, checkpoints)))
            await trainer.TrainAsync(Batches);
        // A crash in the middle of saving epoch 3: its files are only in the staging folder.
        Directory.CreateDirectory(Path.Combine(checkpoints, "epoch-0003.partial"));
        File.WriteAllText(Path.Combine(checkpoints, "epoch-0003.partial", "model.bin"), "half a file");

        using SliceEncoder resumedEncoder = NewEncoder(2);
        using var resumed = new ContrastivePretrainer(resumedEncoder, loss, Options(3, checkpoints));
        (await resumed.TrainAsync(Batches)).Should().HaveCount(3);
    }

    [Fact]
    public async Task CheckpointOfAnotherArchitecture_IsRefusedWithBothNames()
    {
        using var loss = new NtXentLoss();
        string checkpoints = Path.Combine(_folder, "tiny");
        using (SliceEncoder encoder = NewEncoder(1))
        using (var trainer = new ContrastivePretrainer(encoder, loss, Options(1, checkpoints)))
            await trainer.TrainAsync(Batches);

        using SliceEncoder resnet = NewEncoder(1, EncoderArchitecture.ResNet18);
        using var other = new ContrastivePretrainer(resnet, loss, Options(2, checkpoints));
        Func<Task> train = () => other.TrainAsync(Batches);
        (await train.Should().ThrowAsync<InvalidDataException>()).WithMessage("*epoch-0001*TinyNet*ResNet18*");
    }

    [Fact]
    public void Schedule_WarmsUpThenDecaysByCosine()
    {
        var options = new PretrainingOptions { Epochs = 5, LearningRate = 1.0, WarmupEpochs = 1 };
        options.LearningRateAt(0).Should().BeApproximately(0.5, 1e-15);
        options.LearningRateAt(1).Should().BeApproximately(1.0, 1e-15);
        options.LearningRateAt(3).Should().BeApproximately(0.5, 1e-15);
        options.LearningRateAt(4).Should().BeApproximately(0.5 * (1 + Math.Cos(0.75 * Math.PI)), 1e-15);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
