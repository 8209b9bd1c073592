using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Wsp.Training.Optimizers;

/// <summary>
/// AdamW with decoupled weight decay (TorchSharp's <see cref="TorchSharp.Modules.AdamW"/>), stepping all parameters at once: at the first step every parameter that has a gradient moves, with its
/// gradient and moments, into contiguous buffers, and each step is then eight in-place calls and allocates nothing,
/// where TorchSharp's takes about eight calls and two temporaries per parameter tensor. The update is TorchSharp's,
/// element by element (the tests compare the parameters after several steps).
/// </summary>
/// <remarks>
/// It is a TorchSharp <see cref="TorchSharp.Modules.AdamW"/>: learning-rate schedules, <c>state_dict</c> and the
/// saved state are TorchSharp's, so a state saved by either loads into the other (see
/// <see cref="Checkpoints.CheckpointStore"/>). It holds one parameter group, and neither AMSGrad nor maximisation.
/// After the first step the parameters are views of one buffer: a parameter whose storage or gradient is replaced
/// (a weight load, <c>grad = ...</c>) is copied back into its view before the next step. Parameters without a
/// gradient at the first step (a head the loss does not use) stay out of the buffers: they are skipped while
/// they have no gradient and updated one by one if they get one.
/// </remarks>
public sealed class ContiguousAdamW : AdamW
{
    private readonly FlatAdamEngine _engine;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">The parameters to optimise.</param>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="beta1">The first moment's decay.</param>
    /// <param name="beta2">The second moment's decay.</param>
    /// <param name="epsilon">Added to the denominator.</param>
    /// <param name="weightDecay">The weight decay.</param>
    public ContiguousAdamW(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0)
        : this(FlatAdamEngine.Materialise(parameters), learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    private ContiguousAdamW(Parameter[] parameters, double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay)
    {
        _engine = new FlatAdamEngine(parameters, parameters.Select(p => (IAdamMoments)new Moments((State)_state[p.Handle])).ToArray());
    }

    /// <summary>Whether the parameters have moved into the contiguous buffers (after the first step).</summary>
    public bool IsContiguous => _engine.IsFlat;

    /// <summary>How many parameter tensors live in the contiguous buffers (0 before the first step).</summary>
    public int ContiguousCount => _engine.FlatCount;

    /// <inheritdoc />
    public override void zero_grad() => _engine.ZeroGradients();

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null)
    {
        var options = (Options)_parameter_groups[0].Options;
        var settings = new AdamSettings(options.LearningRate!.Value, options.beta1!.Value, options.beta2!.Value, options.eps!.Value,
            options.weight_decay!.Value, Decoupled: true);
        return _engine.Step(closure, settings, options.amsgrad == true || options.maximize == true, Names)!;
    }

    /// <summary>Refuses a second group: the buffers hold one.</summary>
    /// <param name="param_group">The group.</param>
    /// <exception cref="NotSupportedException">The optimiser already has its group.</exception>
    public override void add_param_group(TorchSharp.Modules.ParamGroup param_group)
    {
        FlatAdamEngine.RefuseSecondGroup(_parameter_groups.Count, Names);
        base.add_param_group(param_group);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // Tensors free themselves when finalised; TorchSharp's Adam would dispose them from the finalizer too, which
        // fails on an instance whose constructor threw (no parameters).
        if (!disposing) return;
        // The base disposes the states, whose moments are then views of the engine's buffers.
        base.Dispose(disposing);
        _engine?.Dispose();
    }

    private static (string Name, string TorchSharpName) Names => (nameof(ContiguousAdamW), nameof(AdamW));

    /// <summary>TorchSharp's state of one parameter, seen by the engine.</summary>
    private sealed class Moments(State state) : IAdamMoments
    {
        public Tensor Average { get => state.exp_avg; set => state.exp_avg = value; }

        public Tensor AverageSquare { get => state.exp_avg_sq; set => state.exp_avg_sq = value; }

        public long Step { get => state.step; set => state.step = value; }
    }
}
