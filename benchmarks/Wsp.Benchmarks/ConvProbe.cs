using System.Diagnostics;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Wsp.Benchmarks;

/// <summary>
/// The Wsp side of <see cref="LayerProfile"/>: one convolution of a <see cref="ConvLayer"/>'s shape on a fixed random
/// batch, forward then backward from a fixed output gradient; the weights' gradients accumulate across calls as
/// they would without zeroing (in place, as in training).
/// </summary>
internal sealed class ConvProbe : IDisposable
{
    private readonly TorchSharp.Modules.Conv2d _conv;
    private readonly Tensor _input;
    private readonly Tensor _outputGradient;

    public ConvProbe(ConvLayer layer, int batch)
    {
        Layer = layer;
        Batch = batch;
        _conv = Conv2d(layer.InputChannels, layer.OutputChannels, layer.Kernel, stride: layer.Stride, padding: layer.Padding, bias: layer.Bias);
        _input = rand(batch, layer.InputChannels, layer.InputSize, layer.InputSize).requires_grad_(layer.InputGradient);
        using (no_grad())
        using (Tensor probe = _conv.call(_input))
            _outputGradient = rand_like(probe);
    }

    public ConvLayer Layer { get; }

    public int Batch { get; }

    public ConvSample Run()
    {
        long faults = PageFaults.Minor();
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        Tensor output = _conv.call(_input);
        double forward = clock.Elapsed.TotalMilliseconds;
        output.backward(new[] { _outputGradient });
        double total = clock.Elapsed.TotalMilliseconds;
        return new ConvSample(forward, total - forward, PageFaults.Minor() - faults);
    }

    public void Dispose()
    {
        _conv.Dispose();
        _input.Dispose();
        _outputGradient.Dispose();
    }
}
