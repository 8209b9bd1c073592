using static TorchSharp.torch;

namespace Wsp.Training.Optimizers;

/// <summary>One parameter's Adam state, whichever of TorchSharp's state classes holds it.</summary>
internal interface IAdamMoments
{
    /// <summary>The first moment (TorchSharp's <c>exp_avg</c>).</summary>
    Tensor Average { get; set; }

    /// <summary>The second moment (<c>exp_avg_sq</c>).</summary>
    Tensor AverageSquare { get; set; }

    /// <summary>The steps taken (<c>step</c>).</summary>
    long Step { get; set; }
}
