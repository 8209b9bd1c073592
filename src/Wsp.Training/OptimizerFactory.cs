using TorchSharp.Modules;
using Wsp.Training.Optimizers;

namespace Wsp.Training;

/// <summary>The optimisers of both trainers, built in one place.</summary>
public static class OptimizerFactory
{
    /// <summary>
    /// Adam (L2 decay added to the gradient, the authors' choice) or AdamW (decoupled decay), as
    /// <see cref="ContiguousAdam"/> and <see cref="ContiguousAdamW"/>: TorchSharp's update and saved state, in a few
    /// calls per step instead of eight per parameter tensor.
    /// </summary>
    /// <param name="kind">The optimiser.</param>
    /// <param name="parameters">The parameters to optimise.</param>
    /// <param name="learningRate">The initial learning rate (a schedule sets it per epoch).</param>
    /// <param name="weightDecay">The weight decay.</param>
    public static OptimizerHelper Create(OptimizerKind kind, IEnumerable<Parameter> parameters, double learningRate, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return kind switch
        {
            OptimizerKind.Adam => new ContiguousAdam(parameters, learningRate, weightDecay: weightDecay),
            OptimizerKind.AdamW => new ContiguousAdamW(parameters, learningRate, weightDecay: weightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimiser."),
        };
    }
}
