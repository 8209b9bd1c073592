using Wsp.Core;
using Wsp.Losses;
using static TorchSharp.torch;

namespace Wsp.Training;

/// <summary>Names and losses of <see cref="PretrainingMethod"/>.</summary>
public static class PretrainingMethods
{
    /// <summary>Every method, in the order of the results table.</summary>
    public static IReadOnlyList<PretrainingMethod> All { get; } = Enum.GetValues<PretrainingMethod>();

    /// <summary>The name used in tables and charts.</summary>
    /// <param name="method">The method.</param>
    public static string DisplayName(this PretrainingMethod method) => method switch
    {
        PretrainingMethod.None => "None",
        PretrainingMethod.SimClr => "SimCLR",
        PretrainingMethod.SupCon => "SupCon",
        PretrainingMethod.YAware => "y-Aware",
        PretrainingMethod.Wsp => "WSP",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown method."),
    };

    /// <summary>Parses a command-line name (none, simclr, supcon, yaware, wsp; case-insensitive).</summary>
    /// <param name="name">The name.</param>
    public static PretrainingMethod Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "none" => PretrainingMethod.None,
        "simclr" or "ntxent" => PretrainingMethod.SimClr,
        "supcon" => PretrainingMethod.SupCon,
        "yaware" or "y-aware" => PretrainingMethod.YAware,
        "wsp" => PretrainingMethod.Wsp,
        _ => throw new ArgumentException($"Unknown method '{name}'; use none, simclr, supcon, yaware or wsp."),
    };

    /// <summary>The contrastive loss of the method, with the paper's tau 0.1 and sigma; null for <see cref="PretrainingMethod.None"/>.</summary>
    /// <param name="method">The method.</param>
    /// <param name="sigma">Bandwidth of the Gaussian kernel on the position (y-Aware and WSP).</param>
    public static ContrastiveLoss? CreateLoss(this PretrainingMethod method, double sigma) => method switch
    {
        PretrainingMethod.None => null,
        PretrainingMethod.SimClr => new NtXentLoss(),
        PretrainingMethod.SupCon => new SupConLoss(),
        PretrainingMethod.YAware => new YAwareLoss(sigma),
        PretrainingMethod.Wsp => new WeaklySupervisedPositionalLoss(sigma),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown method."),
    };
}
