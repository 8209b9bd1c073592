using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// Adam (no weight decay, no AMSGrad) over one flat buffer: every parameter and its gradient become views of two
/// contiguous tensors, so that zeroing takes one call and a step eight, whatever the number of parameter tensors,
/// with no temporary allocated. TorchSharp's Adam takes about eight calls per parameter tensor and allocates two
/// temporaries the size of each. The update is Adam's, element by element.
/// </summary>
internal sealed class FlatAdam : IDisposable
{
    private readonly Tensor _parameters, _gradients, _average, _averageSquare, _denominator;
    private readonly double _learningRate, _beta1 = 0.9, _beta2 = 0.999, _epsilon = 1e-8;
    private long _step;

    public FlatAdam(IEnumerable<Parameter> parameters, double learningRate)
    {
        _learningRate = learningRate;
        Parameter[] list = parameters.ToArray();
        long total = list.Sum(p => p.numel());
        _parameters = empty(total, list[0].dtype, device: list[0].device);
        _gradients = zeros_like(_parameters);
        _average = zeros_like(_parameters);
        _averageSquare = zeros_like(_parameters);
        _denominator = empty_like(_parameters);
        long offset = 0;
        using (no_grad())
        {
            foreach (Parameter p in list)
            {
                long count = p.numel();
                Tensor view = _parameters.narrow(0, offset, count).view(p.shape);
                view.copy_(p);
                // The parameter keeps its identity (modules hold it) and now lives in the flat buffer.
                p.set_(view);
                // Backward accumulates into an existing gradient in place, so gradients stay views too.
                p.grad = _gradients.narrow(0, offset, count).view(p.shape);
                offset += count;
            }
        }
    }

    public void zero_grad() => _gradients.zero_();

    public void step()
    {
        using var noGrad = no_grad();
        _step++;
        double correction1 = 1 - Math.Pow(_beta1, _step), correction2 = 1 - Math.Pow(_beta2, _step);
        _average.mul_(_beta1).add_(_gradients, alpha: 1 - _beta1);
        _averageSquare.mul_(_beta2).addcmul_(_gradients, _gradients, value: 1 - _beta2);
        _denominator.copy_(_averageSquare).sqrt_().div_(Math.Sqrt(correction2)).add_(_epsilon);
        _parameters.addcdiv_(_average, _denominator, value: -_learningRate / correction1);
    }

    public void Dispose()
    {
        foreach (Tensor t in new[] { _parameters, _gradients, _average, _averageSquare, _denominator })
            t.Dispose();
    }
}
