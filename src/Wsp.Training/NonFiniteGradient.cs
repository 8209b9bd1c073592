using TorchSharp;
using static TorchSharp.torch;

namespace Wsp.Training;

/// <summary>
/// Finds a parameter whose gradient holds NaN or infinity, so that a trainer refuses the step before the optimiser
/// writes it into the weights (a NaN weight would only show as a NaN loss one step later, with the cause lost).
/// </summary>
internal static class NonFiniteGradient
{
    /// <summary>The name of the first parameter of <paramref name="module"/> with a non-finite gradient, or null; one host read.</summary>
    public static string? FirstIn(nn.Module module)
    {
        using var scope = NewDisposeScope();
        var named = module.named_parameters().Where(p => p.parameter.grad is not null).ToArray();
        if (named.Length == 0) return null;
        using Tensor finite = stack(named.Select(p => p.parameter.grad!.isfinite().all()).ToArray()).cpu();
        int first = Array.IndexOf(finite.data<bool>().ToArray(), false);
        return first < 0 ? null : named[first].name;
    }
}
