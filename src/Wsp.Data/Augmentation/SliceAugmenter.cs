using TorchSharp;
using static TorchSharp.torch;

namespace Wsp.Data.Augmentation;

/// <summary>
/// Augments a batch of slices [B, C, H, W] on the batch's device. Per-sample parameters (flips, resized
/// crop, translation, rotation) are drawn on the host from a seeded generator and composed into one
/// affine warp per sample; the whole batch is then resampled at once (affine_grid + grid_sample, bilinear,
/// zero padding). Optional intensity jitter and noise follow. Each call draws new parameters, so the two
/// views of <see cref="TwoViews"/> are independent.
/// </summary>
public sealed class SliceAugmenter
{
    private readonly SliceAugmentationOptions _options;
    private readonly Random _random;
    private readonly long _seed;
    private long _calls;

    /// <summary>Creates the augmenter.</summary>
    /// <param name="options">Probabilities and ranges; the authors' defaults when null.</param>
    /// <param name="seed">Seed of every random draw.</param>
    public SliceAugmenter(SliceAugmentationOptions? options = null, int seed = 0)
    {
        _options = options?.Clone() ?? new SliceAugmentationOptions();
        _options.Validate();
        _random = new Random(seed);
        _seed = seed;
    }

    /// <summary>Two independently augmented views of the same slices.</summary>
    /// <param name="images">[B, C, H, W] floating-point images.</param>
    public (Tensor ViewA, Tensor ViewB) TwoViews(Tensor images) => (Augment(images), Augment(images));

    /// <summary>One augmented copy of <paramref name="images"/>; the input is not modified.</summary>
    /// <param name="images">[B, C, H, W] floating-point images.</param>
    public Tensor Augment(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || !is_floating_point(images.dtype))
            throw new ArgumentException($"Expected floating-point images [B, C, H, W], got {images.dtype} [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        int batch = (int)images.shape[0];
        var theta = new float[batch * 6];
        var brightness = new float[batch];
        var contrast = new float[batch];
        var noise = new float[batch];
        for (int i = 0; i < batch; i++)
        {
            SampleWarp(theta.AsSpan(6 * i, 6));
            bool jitter = Draw(_options.IntensityJitterProbability);
            brightness[i] = jitter ? (float)Uniform(-_options.MaxBrightness, _options.MaxBrightness) : 0f;
            contrast[i] = jitter ? (float)Uniform(1 - _options.MaxContrast, 1 + _options.MaxContrast) : 1f;
            noise[i] = Draw(_options.NoiseProbability) ? (float)_options.NoiseStd : 0f;
        }

        Device device = images.device;
        Tensor affine = tensor(theta, new long[] { batch, 2, 3 }).to(images.dtype).to(device);
        Tensor grid = nn.functional.affine_grid(affine, images.shape, align_corners: false);
        Tensor warped = nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);

        if (brightness.Any(b => b != 0) || contrast.Any(c => c != 1))
        {
            Tensor mean = warped.mean(new long[] { 1, 2, 3 }, keepdim: true);
            Tensor c = tensor(contrast).to(images.dtype).to(device).view(batch, 1, 1, 1);
            Tensor b = tensor(brightness).to(images.dtype).to(device).view(batch, 1, 1, 1);
            warped = (warped - mean) * c + mean + b;
        }
        if (noise.Any(n => n != 0))
        {
            using var generator = new Generator((ulong)(_seed * 7_919 + _calls), device);
            Tensor std = tensor(noise).to(images.dtype).to(device).view(batch, 1, 1, 1);
            warped = warped + randn(warped.shape, dtype: warped.dtype, device: device, generator: generator) * std;
        }
        _calls++;
        return warped.MoveToOuterDisposeScope();
    }

    // theta maps output coordinates to input coordinates in [-1, 1]^2: x_in = A x_out + t.
    private void SampleWarp(Span<float> theta)
    {
        double a = 1, b = 0, c = 0, d = 1, tx = 0, ty = 0;
        if (Draw(_options.RotationProbability))
        {
            double angle = Uniform(-_options.MaxRotationDegrees, _options.MaxRotationDegrees) * Math.PI / 180;
            (a, b, c, d) = (Math.Cos(angle), -Math.Sin(angle), Math.Sin(angle), Math.Cos(angle));
        }
        if (Draw(_options.CropProbability))
        {
            // A crop covering a fraction of the area, stretched back to the full size: sample a smaller window.
            double area = Uniform(_options.CropScale, 1);
            double aspect = Math.Exp(Uniform(Math.Log(3.0 / 4), Math.Log(4.0 / 3)));
            double sx = Math.Min(1, Math.Sqrt(area * aspect)), sy = Math.Min(1, Math.Sqrt(area / aspect));
            (a, b, c, d) = (a * sx, b * sy, c * sx, d * sy);
            tx += Uniform(-(1 - sx), 1 - sx);
            ty += Uniform(-(1 - sy), 1 - sy);
        }
        if (Draw(_options.TranslationProbability))
        {
            tx += 2 * Uniform(-_options.MaxTranslation, _options.MaxTranslation);
            ty += 2 * Uniform(-_options.MaxTranslation, _options.MaxTranslation);
        }
        if (Draw(_options.HorizontalFlipProbability)) (a, c) = (-a, -c);
        if (Draw(_options.VerticalFlipProbability)) (b, d) = (-b, -d);
        theta[0] = (float)a; theta[1] = (float)b; theta[2] = (float)tx;
        theta[3] = (float)c; theta[4] = (float)d; theta[5] = (float)ty;
    }

    private bool Draw(double probability) => probability > 0 && _random.NextDouble() < probability;

    private double Uniform(double low, double high) => low + (high - low) * _random.NextDouble();
}
