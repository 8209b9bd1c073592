using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Wsp.Training;

/// <summary>The optimisers of both trainers, built in one place.</summary>
public static class OptimizerFactory
{
    /// <summary>Adam (L2 decay added to the gradient, the authors' choice) or AdamW (decoupled decay).</summary>
    /// <param name="kind">The optimiser.</param>
    /// <param name="parameters">The parameters to optimise.</param>
    /// <param name="learningRate">The initial learning rate (a schedule sets it per epoch).</param>
    /// <param name="weightDecay">The weight decay.</param>
    public static OptimizerHelper Create(OptimizerKind kind, IEnumerable<Parameter> parameters, double learningRate, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return kind switch
        {
            OptimizerKind.Adam => optim.Adam(parameters, learningRate, weight_decay: weightDecay),
            OptimizerKind.AdamW => optim.AdamW(parameters, learningRate, weight_decay: weightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimiser."),
        };
    }
}
