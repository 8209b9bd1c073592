using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Wsp.Training.Optimizers;

/// <summary>
/// The parameters, gradients and Adam moments of a set of parameter tensors as views of four contiguous buffers,
/// so that one Adam step is eight in-place calls however many tensors there are, with nothing allocated.
/// </summary>
/// <remarks>
/// Every parameter keeps its identity (modules hold it) and is rebound to its view with <c>set_</c>; its gradient is
/// set to the matching view of the gradient buffer, into which backward then accumulates in place. The binding is
/// checked before every step and restored if something replaced a parameter's storage or its gradient (a weight
/// load, <c>grad = ...</c>): the step is then still right, only slower by a copy.
/// </remarks>
internal sealed class FlatAdamBuffers : IDisposable
{
    private readonly Parameter[] _members;
    private readonly long[] _offsets;
    private readonly Tensor _parameters, _gradients, _average, _averageSquare, _scratch;
    private readonly Tensor[] _parameterViews, _gradientViews, _averageViews, _averageSquareViews;
    private readonly IntPtr _parameterBase, _gradientBase;

    /// <summary>Copies the members, their gradients and moments into the buffers and binds the members to their views.</summary>
    /// <param name="members">The parameters, all of one floating dtype and device, each with a gradient.</param>
    /// <param name="averages">Each member's first moment (copied).</param>
    /// <param name="averageSquares">Each member's second moment (copied).</param>
    public FlatAdamBuffers(IReadOnlyList<Parameter> members, IReadOnlyList<Tensor> averages, IReadOnlyList<Tensor> averageSquares)
    {
        _members = members.ToArray();
        _offsets = new long[_members.Length];
        long total = 0;
        for (int i = 0; i < _members.Length; i++)
        {
            _offsets[i] = total;
            total += _members[i].numel();
        }
        Parameter first = _members[0];
        // The buffers outlive any dispose scope of the caller's step.
        _parameters = empty(total, first.dtype, device: first.device).DetachFromDisposeScope();
        _gradients = empty_like(_parameters).DetachFromDisposeScope();
        _average = empty_like(_parameters).DetachFromDisposeScope();
        _averageSquare = empty_like(_parameters).DetachFromDisposeScope();
        _scratch = empty_like(_parameters).DetachFromDisposeScope();
        _parameterViews = Views(_parameters);
        _gradientViews = Views(_gradients);
        _averageViews = Views(_average);
        _averageSquareViews = Views(_averageSquare);
        using (NewDisposeScope())
        {
            _parameterBase = StorageAddress(_parameters);
            _gradientBase = StorageAddress(_gradients);
        }
        using (no_grad())
        {
            for (int i = 0; i < _members.Length; i++)
            {
                Parameter p = _members[i];
                _parameterViews[i].copy_(p);
                using (Tensor? grad = p.grad)
                {
                    if (grad is null) _gradientViews[i].zero_();
                    else _gradientViews[i].copy_(grad);
                }
                _averageViews[i].copy_(averages[i]);
                _averageSquareViews[i].copy_(averageSquares[i]);
                p.set_(_parameterViews[i]);
                p.grad = _gradientViews[i];
            }
        }
    }

    /// <summary>The parameters in the buffers, in order.</summary>
    public IReadOnlyList<Parameter> Members => _members;

    /// <summary>Member <paramref name="index"/>'s first moment, a view of the buffer.</summary>
    public Tensor AverageView(int index) => _averageViews[index];

    /// <summary>Member <paramref name="index"/>'s second moment, a view of the buffer.</summary>
    public Tensor AverageSquareView(int index) => _averageSquareViews[index];

    /// <summary>Zeroes every member's gradient with one call.</summary>
    public void ZeroGradients()
    {
        Rebind();
        _gradients.zero_();
    }

    /// <summary>
    /// One Adam step of all members, exactly TorchSharp's (and PyTorch's single-tensor) update element by element:
    /// L2 decay added to the gradient (Adam) or decoupled decay of the parameters (AdamW), then the moments, the
    /// bias-corrected denominator and the update.
    /// </summary>
    /// <param name="step">The step number after this step (1 for the first), for the bias corrections.</param>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="beta1">The first moment's decay.</param>
    /// <param name="beta2">The second moment's decay.</param>
    /// <param name="epsilon">Added to the denominator.</param>
    /// <param name="weightDecay">The weight decay.</param>
    /// <param name="decoupled">AdamW's decoupled decay instead of Adam's L2 term.</param>
    public void Step(long step, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupled)
    {
        Rebind();
        using var noGrad = no_grad();
        double correction1 = 1 - Math.Pow(beta1, step), correction2 = 1 - Math.Pow(beta2, step);
        Tensor gradient = _gradients;
        if (decoupled)
        {
            _parameters.mul_(1 - learningRate * weightDecay);
        }
        else if (weightDecay != 0)
        {
            // The gradient buffer stays the loss's gradient; the decayed one lives in the scratch buffer.
            _scratch.copy_(_gradients).add_(_parameters, alpha: weightDecay);
            gradient = _scratch;
        }
        _average.mul_(beta1).add_(gradient, alpha: 1 - beta1);
        _averageSquare.mul_(beta2).addcmul_(gradient, gradient, value: 1 - beta2);
        // The decayed gradient (if any) is spent: the scratch buffer now takes the denominator.
        Tensor denominator = _scratch;
        denominator.copy_(_averageSquare).sqrt_().div_(Math.Sqrt(correction2)).add_(epsilon);
        _parameters.addcdiv_(_average, denominator, value: -learningRate / correction1);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Tensor t in _parameterViews.Concat(_gradientViews).Concat(_averageViews).Concat(_averageSquareViews))
            t.Dispose();
        foreach (Tensor t in new[] { _parameters, _gradients, _average, _averageSquare, _scratch })
            t.Dispose();
    }

    /// <summary>Restores any member whose storage or gradient was replaced since the buffers were built.</summary>
    private void Rebind()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int i = 0; i < _members.Length; i++)
        {
            Parameter p = _members[i];
            if (!IsView(p, _parameterBase, _offsets[i]))
            {
                _parameterViews[i].copy_(p);
                p.set_(_parameterViews[i]);
            }
            Tensor? grad = p.grad;
            if (grad is null || !IsView(grad, _gradientBase, _offsets[i]))
            {
                if (grad is null) _gradientViews[i].zero_();
                else _gradientViews[i].copy_(grad);
                p.grad = _gradientViews[i];
            }
        }
    }

    private Tensor[] Views(Tensor buffer)
    {
        var views = new Tensor[_members.Length];
        for (int i = 0; i < _members.Length; i++)
        {
            using Tensor slice = buffer.narrow(0, _offsets[i], _members[i].numel());
            views[i] = slice.view(_members[i].shape).DetachFromDisposeScope();
        }
        return views;
    }

    private static bool IsView(Tensor tensor, IntPtr bufferBase, long offset) =>
        tensor.storage_offset() == offset && StorageAddress(tensor) == bufferBase;

    private static IntPtr StorageAddress(Tensor tensor) => tensor.dtype switch
    {
        ScalarType.Float32 => tensor.storage<float>().data_ptr(),
        ScalarType.Float64 => tensor.storage<double>().data_ptr(),
        _ => throw new NotSupportedException($"Flat Adam buffers hold float32 or float64 parameters, not {tensor.dtype}."),
    };
}
