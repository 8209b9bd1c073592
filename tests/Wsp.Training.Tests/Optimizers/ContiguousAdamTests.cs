using TorchSharp;
using TorchSharp.Modules;
using Wsp.Core;
using Wsp.Losses;
using Wsp.Training.Checkpoints;
using Wsp.Training.Encoders;
using Wsp.Training.Optimizers;
using static TorchSharp.torch;

namespace Wsp.Training.Tests.Optimizers;

/// <summary>The contiguous optimisers against TorchSharp's Adam and AdamW, step by step, on a small encoder.</summary>
public sealed class ContiguousAdamTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-adam-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static SliceEncoder NewEncoder() =>
        EncoderFactory.Create(new EncoderOptions { TinyNetRepresentationSize = 32, ProjectionSizes = new[] { 16, 8 } }, seed: 3);

    private static Tensor Images(int step) => randn(new long[] { 6, 1, 64, 64 }, generator: new Generator((ulong)(50 + step)));

    /// <summary>One step: the contrastive projection (the classifier head gets no gradient) or the classifier.</summary>
    private static void Step(SliceEncoder encoder, OptimizerHelper optimizer, int step, bool classify = false)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        Tensor images = Images(step);
        Tensor loss = classify
            ? nn.functional.cross_entropy(encoder.Classify(images), tensor(new long[] { 0, 1, 1, 0, 1, 0 }))
            : encoder.Project(images).square().mean() + encoder.Project(images.flip(3)).mean();
        loss.backward();
        optimizer.step();
    }

    private static double MaxRelativeDifference(SliceEncoder a, SliceEncoder b)
    {
        double worst = 0;
        foreach (((string name, Parameter p), (_, Parameter q)) in a.named_parameters().Zip(b.named_parameters()))
        {
            using Tensor difference = (p - q).abs().max();
            using Tensor scale = q.abs().max().clamp_min(1e-12);
            worst = Math.Max(worst, difference.item<float>() / scale.item<float>());
        }
        return worst;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    public void Adam_steps_like_TorchSharps(double weightDecay)
    {
        using SliceEncoder reference = NewEncoder(), contiguous = NewEncoder();
        using var torchSharp = optim.Adam(reference.parameters(), 1e-2, weight_decay: weightDecay);
        using var ours = new ContiguousAdam(contiguous.parameters(), 1e-2, weightDecay: weightDecay);
        for (int step = 0; step < 5; step++)
        {
            Step(reference, torchSharp, step);
            Step(contiguous, ours, step);
        }
        ours.IsContiguous.Should().BeTrue();
        // The classifier head (weight and bias) had no gradient: it stays out of the buffers and untouched.
        ours.ContiguousCount.Should().Be(contiguous.parameters().Count() - 2);
        MaxRelativeDifference(contiguous, reference).Should().BeLessThanOrEqualTo(1e-6);
        using SliceEncoder untouched = NewEncoder();
        bool headUnchanged = ((Tensor)contiguous.ClassifierHead.parameters().First()).allclose(untouched.ClassifierHead.parameters().First(), rtol: 0, atol: 0);
        headUnchanged.Should().BeTrue();
    }

    [Fact]
    public void AdamW_steps_like_TorchSharps()
    {
        using SliceEncoder reference = NewEncoder(), contiguous = NewEncoder();
        using var torchSharp = optim.AdamW(reference.parameters(), 1e-2, weight_decay: 0.1);
        using var ours = new ContiguousAdamW(contiguous.parameters(), 1e-2, weightDecay: 0.1);
        for (int step = 0; step < 5; step++)
        {
            Step(reference, torchSharp, step);
            Step(contiguous, ours, step);
        }
        MaxRelativeDifference(contiguous, reference).Should().BeLessThanOrEqualTo(1e-6);
    }

    [Fact]
    public void A_parameter_that_gets_its_first_gradient_later_is_updated_like_TorchSharps()
    {
        using SliceEncoder reference = NewEncoder(), contiguous = NewEncoder();
        using var torchSharp = optim.Adam(reference.parameters(), 1e-2, weight_decay: 0.01);
        using var ours = new ContiguousAdam(contiguous.parameters(), 1e-2, weightDecay: 0.01);
        for (int step = 0; step < 6; step++)
        {
            // Contrastive steps first, then classifier steps: the head joins late, the projection leaves.
            Step(reference, torchSharp, step, classify: step >= 3);
            Step(contiguous, ours, step, classify: step >= 3);
        }
        MaxRelativeDifference(contiguous, reference).Should().BeLessThanOrEqualTo(1e-6);
    }

    [Fact]
    public void A_replaced_gradient_or_reloaded_weights_are_taken_back_into_the_buffers()
    {
        using SliceEncoder reference = NewEncoder(), contiguous = NewEncoder();
        using var torchSharp = optim.Adam(reference.parameters(), 1e-2);
        using var ours = new ContiguousAdam(contiguous.parameters(), 1e-2);
        Step(reference, torchSharp, 0);
        Step(contiguous, ours, 0);
        string weights = Path.Combine(_folder, "weights.bin");
        using (SliceEncoder other = NewEncoder())
            other.save(weights);
        reference.load(weights);
        contiguous.load(weights);
        foreach (SliceEncoder encoder in new[] { reference, contiguous })
        {
            Parameter first = encoder.parameters().First();
            first.grad = full_like(first, 0.5f);
        }
        torchSharp.step();
        ours.step();
        MaxRelativeDifference(contiguous, reference).Should().BeLessThanOrEqualTo(1e-6);
        Step(reference, torchSharp, 1);
        Step(contiguous, ours, 1);
        MaxRelativeDifference(contiguous, reference).Should().BeLessThanOrEqualTo(1e-6);
    }

    [Fact]
    public void Zero_grad_zeroes_every_gradient()
    {
        using SliceEncoder encoder = NewEncoder();
        using var ours = new ContiguousAdam(encoder.parameters(), 1e-2);
        Step(encoder, ours, 0);
        using (Tensor loss = encoder.Project(Images(1)).sum())
            loss.backward();
        ours.zero_grad();
        foreach (Parameter p in encoder.parameters())
        {
            using Tensor? grad = p.grad;
            if (grad is not null)
                grad.count_nonzero().item<long>().Should().Be(0);
        }
    }

    [Fact]
    public void A_checkpoint_of_TorchSharps_Adam_resumes_into_the_contiguous_one()
    {
        var settings = new TrainingSettings(new Dictionary<string, string> { ["run"] = "adam" });
        var store = new CheckpointStore(Path.Combine(_folder, "checkpoints"), settings);
        using SliceEncoder reference = NewEncoder(), resumed = NewEncoder();
        using var torchSharp = optim.Adam(reference.parameters(), 1e-2);
        for (int step = 0; step < 3; step++)
            Step(reference, torchSharp, step);
        store.Save(new CheckpointState(1, new[] { 1.0 }, Array.Empty<double>(), 3), reference, torchSharp);

        using var ours = new ContiguousAdam(resumed.parameters(), 1e-2);
        store.TryRestore(resumed, ours, totalEpochs: 2).Should().NotBeNull();
        for (int step = 3; step < 5; step++)
        {
            Step(reference, torchSharp, step);
            Step(resumed, ours, step);
        }
        MaxRelativeDifference(resumed, reference).Should().BeLessThanOrEqualTo(1e-6);

        // And back: the contiguous optimiser's checkpoint restores TorchSharp's.
        store.Save(new CheckpointState(2, new[] { 1.0, 1.0 }, Array.Empty<double>(), 5), resumed, ours);
        using SliceEncoder again = NewEncoder();
        using var plain = optim.Adam(again.parameters(), 1e-2);
        store.TryRestore(again, plain, totalEpochs: 3).Should().NotBeNull();
        Step(again, plain, 5);
        Step(resumed, ours, 5);
        MaxRelativeDifference(again, resumed).Should().BeLessThanOrEqualTo(1e-6);
    }

    [Fact]
    public void A_checkpoint_of_another_optimiser_is_refused_by_name()
    {
        var settings = new TrainingSettings(new Dictionary<string, string> { ["run"] = "sgd" });
        var store = new CheckpointStore(Path.Combine(_folder, "sgd"), settings);
        using SliceEncoder encoder = NewEncoder(), other = NewEncoder();
        using var sgd = optim.SGD(encoder.parameters(), 1e-2);
        Step(encoder, sgd, 0);
        store.Save(new CheckpointState(1, new[] { 1.0 }, Array.Empty<double>(), 1), encoder, sgd);
        using var ours = new ContiguousAdam(other.parameters(), 1e-2);
        Action restore = () => store.TryRestore(other, ours, totalEpochs: 2);
        restore.Should().Throw<InvalidDataException>().WithMessage("*SGD*ContiguousAdam*");
    }

    [Fact]
    public void A_second_parameter_group_and_no_parameters_are_refused()
    {
        using SliceEncoder encoder = NewEncoder();
        using var ours = new ContiguousAdam(encoder.Backbone.parameters(), 1e-2);
        Action add = () => ours.add_param_group(new Adam.ParamGroup(encoder.ClassifierHead.parameters()));
        add.Should().Throw<NotSupportedException>().WithMessage("*one parameter group*");
        Action none = () => _ = new ContiguousAdam(Array.Empty<Parameter>());
        none.Should().Throw<ArgumentException>().WithMessage("*no parameters*");
    }
}
