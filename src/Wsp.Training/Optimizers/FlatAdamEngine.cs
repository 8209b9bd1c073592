using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Wsp.Training.Optimizers;

/// <summary>
/// The step and zeroing of <see cref="ContiguousAdam"/> and <see cref="ContiguousAdamW"/>. At the first step the
/// parameters that have a gradient (and the dtype and device of the first of them) move into
/// <see cref="FlatAdamBuffers"/>; the others (a head the loss does not use, say) are left out, skipped while they
/// have no gradient and updated one by one, as TorchSharp's Adam does, if they get one later.
/// </summary>
internal sealed class FlatAdamEngine : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly IAdamMoments[] _moments;
    private FlatAdamBuffers? _flat;
    private int[] _flatIndices = [];
    private int[] _oneByOne;

    /// <summary>Creates the engine; nothing moves until the first step.</summary>
    /// <param name="parameters">The optimiser's parameters.</param>
    /// <param name="moments">Each parameter's state, in the same order.</param>
    public FlatAdamEngine(IReadOnlyList<Parameter> parameters, IReadOnlyList<IAdamMoments> moments)
    {
        _parameters = parameters.ToArray();
        _moments = moments.ToArray();
        _oneByOne = Enumerable.Range(0, _parameters.Length).ToArray();
    }

    /// <summary>Whether the parameters have moved into the flat buffers (after the first step).</summary>
    public bool IsFlat => _flat is not null;

    /// <summary>How many parameter tensors live in the flat buffers.</summary>
    public int FlatCount => _flatIndices.Length;

    /// <summary>Zeroes every gradient: one call for the flat ones.</summary>
    public void ZeroGradients()
    {
        _flat?.ZeroGradients();
        foreach (int i in _oneByOne)
        {
            using Tensor? grad = _parameters[i].grad;
            grad?.zero_();
        }
    }

    /// <summary>One step of every parameter that has a gradient.</summary>
    /// <param name="settings">The group's hyperparameters.</param>
    public void Step(AdamSettings settings)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (_flat is null)
            Flatten();
        if (_flat is not null)
        {
            ReattachMoments();
            long step = _moments[_flatIndices[0]].Step + 1;
            _flat.Step(step, settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon, settings.WeightDecay, settings.Decoupled);
            foreach (int i in _flatIndices)
                _moments[i].Step = step;
        }
        foreach (int i in _oneByOne)
            StepOne(_parameters[i], _moments[i], settings);
    }

    /// <inheritdoc />
    public void Dispose() => _flat?.Dispose();

    /// <summary>The parameters as an array, refusing none at all (both optimisers' constructors).</summary>
    public static Parameter[] Materialise(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameter[] list = parameters.ToArray();
        if (list.Length == 0)
            throw new ArgumentException("There are no parameters to optimise.", nameof(parameters));
        return list;
    }

    /// <summary>
    /// The closure's loss (computed with gradients) and the one step of both optimisers, after refusing what the
    /// buffers do not implement.
    /// </summary>
    /// <param name="closure">TorchSharp's optional loss closure.</param>
    /// <param name="settings">The group's hyperparameters.</param>
    /// <param name="amsgradOrMaximize">Whether the (loaded) options ask for AMSGrad or maximisation.</param>
    /// <param name="optimizer">The optimiser's name and TorchSharp's, for the message.</param>
    public Tensor? Step(Func<Tensor>? closure, AdamSettings settings, bool amsgradOrMaximize, (string Name, string TorchSharpName) optimizer)
    {
        Tensor? loss = null;
        if (closure is not null)
        {
            using (enable_grad())
                loss = closure();
        }
        if (amsgradOrMaximize)
            throw new InvalidOperationException($"{optimizer.Name} does not implement AMSGrad or maximisation, which its loaded state asks for; use TorchSharp's {optimizer.TorchSharpName}.");
        Step(settings);
        return loss;
    }

    /// <summary>Refuses a second parameter group: the buffers hold one.</summary>
    public static void RefuseSecondGroup(int groups, (string Name, string TorchSharpName) optimizer)
    {
        if (groups > 0)
            throw new NotSupportedException($"{optimizer.Name} holds one parameter group; use TorchSharp's {optimizer.TorchSharpName} for several.");
    }

    /// <summary>Moves the parameters that have a gradient, share the first one's dtype and device and its step count, into flat buffers.</summary>
    private void Flatten()
    {
        var members = new List<int>();
        for (int i = 0; i < _parameters.Length; i++)
        {
            Parameter p = _parameters[i];
            using Tensor? grad = p.grad;
            if (grad is null || p.dtype is not (ScalarType.Float32 or ScalarType.Float64)) continue;
            if (members.Count > 0)
            {
                Parameter first = _parameters[members[0]];
                if (p.dtype != first.dtype || p.device.ToString() != first.device.ToString() || _moments[i].Step != _moments[members[0]].Step)
                    continue;
            }
            members.Add(i);
        }
        if (members.Count == 0) return;
        _flat = new FlatAdamBuffers(
            members.Select(i => _parameters[i]).ToArray(),
            members.Select(i => _moments[i].Average).ToArray(),
            members.Select(i => _moments[i].AverageSquare).ToArray());
        for (int k = 0; k < members.Count; k++)
        {
            IAdamMoments moments = _moments[members[k]];
            moments.Average.Dispose();
            moments.AverageSquare.Dispose();
            moments.Average = _flat.AverageView(k);
            moments.AverageSquare = _flat.AverageSquareView(k);
        }
        _flatIndices = members.ToArray();
        _oneByOne = Enumerable.Range(0, _parameters.Length).Except(members).ToArray();
    }

    /// <summary>
    /// A state loaded from another optimiser's (TorchSharp's <c>load_state_dict(StateDictionary)</c>) replaces the
    /// moment tensors: their values go back into the flat buffers.
    /// </summary>
    private void ReattachMoments()
    {
        for (int k = 0; k < _flatIndices.Length; k++)
        {
            IAdamMoments moments = _moments[_flatIndices[k]];
            Tensor average = _flat!.AverageView(k), square = _flat.AverageSquareView(k);
            if (!ReferenceEquals(moments.Average, average))
            {
                average.copy_(moments.Average);
                moments.Average.Dispose();
                moments.Average = average;
            }
            if (!ReferenceEquals(moments.AverageSquare, square))
            {
                square.copy_(moments.AverageSquare);
                moments.AverageSquare.Dispose();
                moments.AverageSquare = square;
            }
        }
    }

    /// <summary>TorchSharp's per-tensor Adam update, for a parameter outside the flat buffers.</summary>
    private static void StepOne(Parameter parameter, IAdamMoments moments, AdamSettings s)
    {
        Tensor? grad = parameter.grad;
        if (grad is null) return;
        moments.Step += 1;
        double correction1 = 1 - Math.Pow(s.Beta1, moments.Step), correction2 = 1 - Math.Pow(s.Beta2, moments.Step);
        if (s.Decoupled)
            parameter.mul_(1 - s.LearningRate * s.WeightDecay);
        else if (s.WeightDecay != 0)
            grad = grad.add(parameter, alpha: s.WeightDecay);
        moments.Average.mul_(s.Beta1).add_(grad, alpha: 1 - s.Beta1);
        moments.AverageSquare.mul_(s.Beta2).addcmul_(grad, grad, value: 1 - s.Beta2);
        Tensor denominator = (moments.AverageSquare.sqrt() / Math.Sqrt(correction2)).add_(s.Epsilon);
        parameter.addcdiv_(moments.Average, denominator, value: -s.LearningRate / correction1);
    }
}
