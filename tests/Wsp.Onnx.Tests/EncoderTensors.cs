using TorchSharp.Modules;
using Wsp.Data.Volumes;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Onnx.Tests;

/// <summary>Inputs and TorchSharp's reference outputs for the comparisons.</summary>
internal static class EncoderTensors
{
    /// <summary>Uniform [0, 1) pixels, the range of the preprocessed slices, from a seeded .NET generator.</summary>
    public static (float[] Pixels, long[] Shape) Random(int batch, int size, int seed)
    {
        var random = new Random(seed);
        return (Enumerable.Range(0, batch * size * size).Select(_ => (float)random.NextDouble()).ToArray(), [batch, 1, size, size]);
    }

    /// <summary>The first <paramref name="batch"/> slices of a stack.</summary>
    public static (float[] Pixels, long[] Shape) Of(SliceStack stack, int batch)
    {
        using var scope = NewDisposeScope();
        Tensor images = stack.Images.narrow(0, 0, Math.Min(batch, stack.Count)).contiguous();
        return (images.data<float>().ToArray(), images.shape);
    }

    /// <summary>What the encoder computes in evaluation mode without gradients, as float64.</summary>
    public static double[] Torch(Func<Tensor, Tensor> network, (float[] Pixels, long[] Shape) input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return network(tensor(input.Pixels, input.Shape)).to(ScalarType.Float64).data<double>().ToArray();
    }

    /// <summary>
    /// Gives every batch norm running statistics and affine parameters away from their initial 0, 1, 1, 0, and every
    /// convolution a bias where it has one, so that a statistic or parameter taken in the wrong place shows.
    /// </summary>
    public static void Perturb(SliceEncoder encoder, int seed)
    {
        var random = new Random(seed);
        Tensor Uniform(long n, double low, double high) =>
            tensor(Enumerable.Range(0, (int)n).Select(_ => (float)(low + (high - low) * random.NextDouble())).ToArray());
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (BatchNorm2d norm in encoder.modules().OfType<BatchNorm2d>())
        {
            long c = norm.num_features;
            norm.running_mean!.copy_(Uniform(c, -0.2, 0.2));
            norm.running_var!.copy_(Uniform(c, 0.5, 1.5));
            norm.weight.copy_(Uniform(c, 0.8, 1.2));
            norm.bias!.copy_(Uniform(c, -0.1, 0.1));
        }
        foreach (Conv2d conv in encoder.modules().OfType<Conv2d>())
            conv.bias?.copy_(Uniform(conv.out_channels, -0.05, 0.05));
    }
}
