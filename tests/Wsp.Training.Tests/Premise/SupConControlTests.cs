using Wsp.Core;
using Wsp.Data.Augmentation;
using Wsp.Losses;
using Wsp.Training.Encoders;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Wsp.Training.Tests.Premise;

/// <summary>
/// Issue 11's control: SupCon where the label is plainly visible (a brightness offset per grade, under the authors'
/// augmentations) must leave the collapsed value log(2N - 1). If it did not, the collapse seen on the phantom would
/// be a defect of the loss, the encoder or the training step rather than a property of the phantom. Measured
/// (2026-12-02): from 4.143 to about 3.04 within 60 steps, near the ideal of about log(2N/3 - 1) = 3.0 for three
/// equally likely grades, each anchor's positives being the other slices of its grade.
/// </summary>
public sealed class SupConControlTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SupCon_OnAVisibleLabel_FallsWellBelowTheCollapsedValue()
    {
        const int n = 32, steps = 60, side = 32;
        double collapsed = Math.Log(2 * n - 1);
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { TinyNetRepresentationSize = 64, ProjectionSizes = [64, 32] }, seed: 1);
        using var loss = new SupConLoss();
        using var trainer = new ContrastivePretrainer(encoder, loss, new PretrainingOptions { Epochs = 1, LearningRate = 3e-4 });

        IReadOnlyList<double> epochLosses = await trainer.TrainAsync(_ => Batches(n, steps, side));
        var stepLosses = new List<double>();
        using var stepTrainer = new ContrastivePretrainer(encoder, loss, new PretrainingOptions { Epochs = 1, LearningRate = 3e-4 });
        await stepTrainer.TrainAsync(_ => Batches(n, 10, side, seed: 99), new Progress(p => stepLosses.Add(p.Loss)));

        output.WriteLine($"collapsed log(2N - 1) = {collapsed:F3}; first epoch mean {epochLosses[0]:F3}; next 10 steps {string.Join(", ", stepLosses.Select(l => l.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}");
        stepLosses.Average().Should().BeLessThan(collapsed - 0.5, "a label the encoder can see must not collapse SupCon");
    }

    // Slices of noise whose brightness is the grade (0, 1 or 2) x 0.5, two views by the library's augmentations.
    private static async IAsyncEnumerable<ContrastiveBatch> Batches(int n, int steps, int side, int seed = 7)
    {
        var random = new Random(seed);
        var generator = new Generator((ulong)seed);
        var augmenter = new SliceAugmenter(seed: seed);
        for (int step = 0; step < steps; step++)
        {
            long[] grades = Enumerable.Range(0, n).Select(_ => (long)random.Next(3)).ToArray();
            using Tensor offsets = tensor(grades.Select(g => 0.5f * g).ToArray()).view(n, 1, 1, 1);
            Tensor images;
            // Temporaries are disposed here, not by the finalizer, which may free one while libtorch still reads it.
            using (NewDisposeScope())
                images = (randn(new long[] { n, 1, side, side }, generator: generator) * 0.2f + offsets).DetachFromDisposeScope();
            using var _ = images;
            var (viewA, viewB) = augmenter.TwoViews(images);
            using (viewA)
            using (viewB)
            using (var attributes = SliceAttributes.FromArrays(grades, null))
                yield return new ContrastiveBatch(viewA, viewB, attributes);
            await Task.Yield();
        }
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
