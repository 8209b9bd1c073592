using System.Diagnostics;
using Wsp.Core;
using Wsp.Training;
using Wsp.Training.Encoders;
using Wsp.Losses;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// The Wsp side of <see cref="StepComparison"/>: one pretraining step as ContrastivePretrainer takes it
/// (both views through the encoder, the WSP loss, backward, the trainers' own check that reads the loss and tests the
/// gradients for NaN and infinity in one host read, Adam), or one fine-tuning step as ClassifierTrainer takes it
/// (classifier logits, class-weighted cross-entropy, the same check, Adam). The check is timed with the optimiser.
/// </summary>
internal sealed class WspStep : IDisposable
{
    private readonly SliceEncoder _encoder;
    private readonly WeaklySupervisedPositionalLoss _loss = new();
    private readonly optim.Optimizer _optimizer;
    private readonly bool _pretrain;
    private readonly Tensor _viewA, _viewB, _classes, _classWeights;
    private readonly SliceAttributes _attributes;

    /// <param name="torchSharpAdam">Train with TorchSharp's Adam (the library's optimiser before issue 13) instead of the
    /// library's <see cref="Wsp.Training.Optimizers.ContiguousAdam"/>, which the trainers use.</param>
    public WspStep(EncoderArchitecture architecture, int size, int batch, bool pretrain, bool torchSharpAdam = false)
    {
        manual_seed(1);
        _pretrain = pretrain;
        _encoder = EncoderFactory.Create(new EncoderOptions { Architecture = architecture });
        _encoder.train();
        _optimizer = torchSharpAdam
            ? optim.Adam(_encoder.parameters(), 1e-5)
            : OptimizerFactory.Create(OptimizerKind.Adam, _encoder.parameters(), 1e-5, weightDecay: 0);
        _viewA = rand(batch, 1, size, size);
        _viewB = rand(batch, 1, size, size);
        _attributes = new SliceAttributes(weakLabels: randint(0, 3, batch), positions: rand(batch));
        _classes = randint(0, 2, batch);
        _classWeights = tensor(new[] { 0.7f, 1.3f });
    }

    public StepSample Step()
    {
        long faults = PageFaults.Minor();
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        _optimizer.zero_grad();
        Tensor loss = _pretrain
            ? _loss.call(_encoder.call(_viewA), _encoder.call(_viewB), _attributes)
            : nn.functional.cross_entropy(_encoder.Classify(_viewA), _classes, weight: _classWeights);
        double forward = clock.Elapsed.TotalMilliseconds;
        loss.backward();
        double backward = clock.Elapsed.TotalMilliseconds;
        (double value, string? parameter) = NonFiniteGradient.Check(loss, _encoder);
        if (!double.IsFinite(value) || parameter is not null)
            throw new InvalidOperationException($"The loss ({value}) or the gradient of {parameter} is not finite.");
        _optimizer.step();
        double total = clock.Elapsed.TotalMilliseconds;
        return new StepSample(total, forward, backward - forward, total - backward, PageFaults.Minor() - faults);
    }

    /// <summary>The encoder's parameters, flattened into one vector (to compare variants' updates).</summary>
    public Tensor Parameters()
    {
        using var scope = NewDisposeScope();
        return cat(_encoder.parameters().Select(p => p.detach().flatten()).ToArray()).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _encoder.Dispose();
        _loss.Dispose();
        foreach (Tensor t in new[] { _viewA, _viewB, _classes, _classWeights })
            t.Dispose();
    }
}
