using System.Globalization;
using TorchSharp;
using Wsp.Core;
using Wsp.Training.Encoders;
using Wsp.Losses;
using Wsp.Samples.QuickStart;
using static TorchSharp.torch;

// Trains a small encoder with the WSP loss on generated slices and prints the loss falling.
// Options: --steps N (300), --batch N (64), --seed N (1), --threads N (2).
int steps = IntOption(args, "--steps", 300);
int batch = IntOption(args, "--batch", 64);
int seed = IntOption(args, "--seed", 1);
torch.set_num_threads(IntOption(args, "--threads", 2));
torch.manual_seed(seed);

var data = new SyntheticSlices(size: 32, seed: seed);
// The authors' TinyNet, narrowed for 32 x 32 toy slices.
using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { TinyNetRepresentationSize = 64, ProjectionSizes = new[] { 64, 32 } });
using var loss = new WeaklySupervisedPositionalLoss(sigma: 0.85);
using var optimizer = optim.Adam(encoder.parameters(), lr: 1e-3);

Console.WriteLine($"Wsp quick start: {steps} steps of the WSP loss (sigma 0.85, tau 0.1), batch {batch}, seed {seed}, TorchSharp {torch.__version__}");
double first = double.NaN, last = double.NaN, recent = 0;
const int Window = 25;
var clock = System.Diagnostics.Stopwatch.StartNew();
for (int step = 1; step <= steps; step++)
{
    using var scope = NewDisposeScope();
    var (images, labels, positions) = data.Batch(batch, classes: 3);
    var attributes = new SliceAttributes(weakLabels: labels, positions: positions);
    Tensor value = loss.call(encoder.call(data.Augment(images)), encoder.call(data.Augment(images)), attributes);

    optimizer.zero_grad();
    value.backward();
    optimizer.step();

    recent += value.item<float>();
    if (step % Window == 0)
    {
        double mean = recent / Window;
        if (double.IsNaN(first)) first = mean;
        last = mean;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {step,5}  mean loss {mean:F4}  ({clock.Elapsed.TotalSeconds:F1} s)"));
        recent = 0;
    }
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Mean loss fell from {first:F4} (first {Window} steps) to {last:F4} (last {Window})."));

static int IntOption(string[] args, string name, int fallback)
{
    int index = Array.IndexOf(args, name);
    if (index < 0) return fallback;
    if (index + 1 >= args.Length || !int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out int value) || value <= 0)
        throw new ArgumentException($"{name} needs a positive integer.");
    return value;
}
