using TorchSharp;
using static TorchSharp.torch;

namespace Wsp.Samples.QuickStart;

/// <summary>
/// Generates toy 2D "slices": a disc whose radius follows the slice position (an organ that grows then
/// shrinks along the body axis) and whose texture contrast follows the weak label.
/// </summary>
internal sealed class SyntheticSlices
{
    private readonly int _size;
    private readonly Generator _generator;
    private readonly Tensor _xx;
    private readonly Tensor _yy;

    public SyntheticSlices(int size, long seed)
    {
        _size = size;
        _generator = new Generator((ulong)seed);
        Tensor axis = linspace(-1, 1, size);
        _xx = axis.unsqueeze(0).expand(size, size).contiguous();
        _yy = axis.unsqueeze(1).expand(size, size).contiguous();
    }

    /// <summary>A batch of images [n, 1, size, size], weak labels [n] in 0..classes-1 and positions [n] in [0, 1).</summary>
    public (Tensor Images, Tensor Labels, Tensor Positions) Batch(int n, int classes)
    {
        using var scope = NewDisposeScope();
        Tensor labels = randint(0, classes, new long[] { n }, generator: _generator);
        Tensor positions = rand(new long[] { n }, generator: _generator);
        Tensor radius = (positions * Math.PI).sin().mul(0.6).add(0.15).view(n, 1, 1);
        Tensor inside = (_xx.square() + _yy.square()).unsqueeze(0).lt(radius.square()).to(ScalarType.Float32);
        Tensor texture = (_xx * 12).sin().mul(_yy * 12).sin().unsqueeze(0);
        Tensor contrast = labels.to(ScalarType.Float32).div(Math.Max(1, classes - 1)).view(n, 1, 1);
        Tensor images = inside * (0.5 + contrast * texture * 0.4) + randn(new long[] { n, _size, _size }, generator: _generator) * 0.05;
        return (images.unsqueeze(1).MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope(), positions.to(ScalarType.Float64).MoveToOuterDisposeScope());
    }

    /// <summary>An augmented view: random flips and additive noise, drawn per sample.</summary>
    public Tensor Augment(Tensor images)
    {
        using var scope = NewDisposeScope();
        long n = images.shape[0];
        Tensor flipH = rand(new long[] { n, 1, 1, 1 }, generator: _generator).lt(0.5);
        Tensor flipV = rand(new long[] { n, 1, 1, 1 }, generator: _generator).lt(0.5);
        Tensor view = where(flipH, images.flip(3), images);
        view = where(flipV, view.flip(2), view);
        view = view + randn(images.shape, generator: _generator) * 0.05;
        return view.MoveToOuterDisposeScope();
    }
}
