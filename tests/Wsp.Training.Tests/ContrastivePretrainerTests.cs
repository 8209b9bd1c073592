using Wsp.Losses;
using Wsp.Core;
using Wsp.Training.Encoders;
using Wsp.Training;
using static TorchSharp.torch;

namespace Wsp.Training.Tests;

public sealed class ContrastivePretrainerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-pretrain-").FullName;

    private static SliceEncoder NewEncoder(int seed, EncoderArchitecture architecture = EncoderArchitecture.TinyNet)
    {
        manual_seed(seed);
        return EncoderFactory.Create(new EncoderOptions { Architecture = architecture, TinyNetRepresentationSize = 32, ProjectionSizes = new[] { 8 } });
    }

    // Deterministic per epoch, as the Wsp.Data samplers and augmenters are.
    private static IAsyncEnumerable<ContrastiveBatch> Batches(int epoch) => RandomBatches(seed: (ulong)(100 + epoch), steps: 3);

    // The same held-out batches every epoch, as a validation split is.
    private static IAsyncEnumerable<ContrastiveBatch> ValidationBatches(int epoch) => RandomBatches(seed: 500, steps: 2);

    private static async IAsyncEnumerable<ContrastiveBatch> RandomBatches(ulong seed, int steps)
    {
        var generator = new Generator(seed);
        for (int step = 0; step < steps; step++)
        {
            (Tensor viewA, Tensor viewB) = Checkpoints.CheckpointStoreTests.NoisyViews(generator);
            using (viewA)
            using (viewB)
            using (var attributes = new SliceAttributes(
                weakLabels: randint(0, 2, new long[] { 8 }, generator: generator),
                positions: rand(new long[] { 8 }, generator: generator)))
                yield return new ContrastiveBatch(viewA, viewB, attributes);
            await Task.Yield();
        }
    }

    private static async IAsyncEnumerable<ContrastiveBatch> NoBatches(int epoch)
    {
        await Task.Yield();
        yield break;
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
        double[] uninterruptedValidation;
        Tensor[] finalWeights;
        using (SliceEncoder encoder = NewEncoder(7))
        using (var trainer = new ContrastivePretrainer(encoder, loss, Options(4, null)))
        {
            var summaries = new List<EpochSummary>();
            trainer.EpochCompleted += (_, summary) => summaries.Add(summary);
            uninterrupted = (await trainer.TrainAsync(Batches, ValidationBatches)).ToArray();
            uninterruptedValidation = trainer.ValidationLosses.ToArray();
            uninterruptedValidation.Should().HaveCount(4).And.OnlyContain(v => double.IsFinite(v) && v > 0);
            summaries.Select(s => s.Epoch).Should().Equal(1, 2, 3, 4);
            summaries.Select(s => s.TrainingLoss).Should().Equal(uninterrupted);
            summaries.Select(s => s.ValidationLoss!.Value).Should().Equal(uninterruptedValidation);
            encoder.training.Should().BeTrue("validation restores training mode");
            finalWeights = encoder.parameters().Select(p => p.detach().clone()).ToArray();
        }

        // The same run, stopped during epoch 3 (after epoch 2's checkpoint)...
        string checkpoints = Path.Combine(_folder, "run");
        using (SliceEncoder encoder = NewEncoder(7))
        using (var trainer = new ContrastivePretrainer(encoder, loss, Options(4, checkpoints)))
        using (var stop = new CancellationTokenSource())
        {
            var progress = new SynchronousProgress(p => { if (p.Epoch == 3 && p.Step == 2) stop.Cancel(); });
            Func<Task> train = () => trainer.TrainAsync(Batches, ValidationBatches, progress, stop.Token);
            await train.Should().ThrowAsync<OperationCanceledException>();
            trainer.EpochLosses.Should().HaveCount(2);
            trainer.ValidationLosses.Should().HaveCount(2);
        }

        // ...then resumed by a new process, whose encoder starts from other weights that the checkpoint replaces.
        using (SliceEncoder encoder = NewEncoder(999))
        using (var trainer = new ContrastivePretrainer(encoder, loss, Options(4, checkpoints)))
        {
            IReadOnlyList<double> resumed = await trainer.TrainAsync(Batches, ValidationBatches);
            resumed.Should().Equal(uninterrupted, (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Abs(b));
            trainer.ValidationLosses.Should().Equal(uninterruptedValidation, (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Abs(b));
            encoder.parameters().Zip(finalWeights).Should().OnlyContain(pair => pair.First.allclose(pair.Second, 0, 0, false));
        }
        using (SliceEncoder initial = NewEncoder(7))
            initial.parameters().Zip(finalWeights).Should().Contain(pair => !pair.First.allclose(pair.Second, 1e-6, 1e-6, false), "training moved the weights");
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
    public async Task TensorBoard_LogsEveryStepAndEpoch_AndAppendsOnResume()
    {
        using var loss = new WeaklySupervisedPositionalLoss();
        string board = Path.Combine(_folder, "board");
        string checkpoints = Path.Combine(_folder, "board-run");
        var losses = new List<double>();
        var validationLosses = new List<double>();
        // Two epochs, then a resumed run to three; chunked embedding covers the bounded-memory validation path.
        foreach (int epochs in new[] { 2, 3 })
        {
            using SliceEncoder encoder = NewEncoder(3);
            var options = Options(epochs, checkpoints);
            options.TensorBoardDirectory = board;
            options.GradientCacheChunkSize = 4;
            using var trainer = new ContrastivePretrainer(encoder, loss, options);
            await trainer.TrainAsync(Batches, ValidationBatches);
            losses = trainer.EpochLosses.ToList();
            validationLosses = trainer.ValidationLosses.ToList();
        }

        Directory.GetFiles(board, "events.out.tfevents.*").Should().HaveCount(2, "each run appends its own event file");
        ILookup<string, TensorBoardScalar> scalars = TensorBoardEventReader.ReadScalars(board).ToLookup(s => s.Tag);
        scalars.Select(g => g.Key).Should().BeEquivalentTo(
            "step/train_loss", "epoch/train_loss", "epoch/validation_loss", "epoch/learning_rate", "epoch/slices_per_second");
        scalars["step/train_loss"].Select(s => s.Step).Should().Equal(Enumerable.Range(1, 9).Select(i => (long)i), "3 steps in each of 3 epochs");
        scalars["step/train_loss"].Should().OnlyContain(s => float.IsFinite(s.Value) && s.Value > 0);
        scalars["epoch/train_loss"].Select(s => s.Step).Should().Equal(1L, 2L, 3L);
        scalars["epoch/train_loss"].Select(s => s.Value).Should().Equal(losses.Select(v => (float)v));
        scalars["epoch/validation_loss"].Select(s => s.Value).Should().Equal(validationLosses.Select(v => (float)v));
        scalars["epoch/learning_rate"].Select(s => s.Value).Should().Equal(new[] { 0, 1, 2 }.Select(e => (float)Options(3, null).Schedule().At(e)));
        scalars["epoch/slices_per_second"].Should().HaveCount(3).And.OnlyContain(s => s.Value > 0);
        // Each epoch's mean equals the mean of its logged steps (to float precision).
        for (int epoch = 0; epoch < 3; epoch++)
            scalars["step/train_loss"].Skip(3 * epoch).Take(3).Average(s => (double)s.Value).Should().BeApproximately(losses[epoch], 1e-5 * losses[epoch]);
    }

    [Fact]
    public async Task ResumeWithValidation_AfterUnvalidatedEpochs_ValidatesOnlyTheNewOnes()
    {
        using var loss = new NtXentLoss();
        string checkpoints = Path.Combine(_folder, "unvalidated");
        using (SliceEncoder encoder = NewEncoder(1))
        using (var trainer = new ContrastivePretrainer(encoder, loss, Options(2, checkpoints)))
            await trainer.TrainAsync(Batches);

        using SliceEncoder resumedEncoder = NewEncoder(2);
        using var resumed = new ContrastivePretrainer(resumedEncoder, loss, Options(3, checkpoints));
        (await resumed.TrainAsync(Batches, ValidationBatches)).Should().HaveCount(3);
        resumed.ValidationLosses.Should().HaveCount(1, "only the resumed epoch was validated");
    }

    [Fact]
    public async Task NonFiniteGradient_WithAFiniteLoss_IsRefusedBeforeTheWeightsChange()
    {
        using var loss = new NormAtZeroLoss();
        using SliceEncoder encoder = NewEncoder(3);
        Tensor[] before = encoder.parameters().Select(p => p.detach().clone()).ToArray();
        using var trainer = new ContrastivePretrainer(encoder, loss, Options(1, null));

        Func<Task> train = () => trainer.TrainAsync(Batches);

        (await train.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage("The gradient of * holds NaN or infinity at epoch 1, step 1, with a finite loss (0)*not applied*");
        encoder.parameters().Zip(before).Should().OnlyContain(pair => pair.First.allclose(pair.Second, 0, 0), "no step was applied");
    }

    /// <summary>Zero, with the gradient 0/0 of a Euclidean norm at the origin: finite loss, NaN gradient.</summary>
    private sealed class NormAtZeroLoss : ContrastiveLoss
    {
        public NormAtZeroLoss() : base(nameof(NormAtZeroLoss)) { }

        public override Tensor forward(Tensor viewA, Tensor viewB, Wsp.Core.SliceAttributes? attributes) =>
            (viewA - viewA.detach()).pow(2).sum().sqrt();

        public override string Describe() => "norm-at-zero";
    }

    [Fact]
    public async Task EmptyValidation_IsRefusedNamingTheEpoch()
    {
        using var loss = new NtXentLoss();
        using SliceEncoder encoder = NewEncoder(1);
        using var trainer = new ContrastivePretrainer(encoder, loss, Options(1, null));
        Func<Task> train = () => trainer.TrainAsync(Batches, NoBatches);
        (await train.Should().ThrowAsync<InvalidOperationException>()).WithMessage("The validation of epoch 1 produced no batch.");
        encoder.training.Should().BeTrue();
    }

    [Fact]
    public void TensorBoardDirectory_Blank_IsRefusedByName()
    {
        var options = new PretrainingOptions { TensorBoardDirectory = " " };
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(PretrainingOptions.TensorBoardDirectory));
    }

    [Fact]
    public void Schedule_WarmsUpThenDecaysByCosine()
    {
        var options = new PretrainingOptions { Epochs = 5, LearningRate = 1.0, WarmupEpochs = 1 };
        options.Schedule().At(0).Should().BeApproximately(0.5, 1e-15);
        options.Schedule().At(1).Should().BeApproximately(1.0, 1e-15);
        options.Schedule().At(3).Should().BeApproximately(0.5, 1e-15);
        options.Schedule().At(4).Should().BeApproximately(0.5 * (1 + Math.Cos(0.75 * Math.PI)), 1e-15);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
