using Wsp.Core;
using Wsp.Core.Kernels;

namespace Wsp.Losses.Tests.Reference;

/// <summary>Builds the library loss that a reference case describes.</summary>
internal static class ReferenceLossFactory
{
    public static KernelContrastiveLoss Create(LossCase c)
    {
        var options = new ContrastiveLossOptions
        {
            Temperature = c.Parameters.Temperature,
            Normalization = c.Parameters.Normalization switch
            {
                "reference" => ContrastiveNormalization.Reference,
                "per_anchor" => ContrastiveNormalization.PerAnchor,
                var other => throw new NotSupportedException($"Unknown normalization '{other}' in case {c.Name}."),
            },
        };
        KernelContrastiveLoss loss = c.Loss switch
        {
            "wsp" => new WeaklySupervisedPositionalLoss(PositionKernel(c), options),
            "yaware" => new YAwareLoss(PositionKernel(c), options),
            "supcon" => new SupConLoss(options: options),
            "ntxent" => new NtXentLoss(options),
            var other => throw new NotSupportedException($"Unknown loss '{other}' in case {c.Name}."),
        };
        ScaleOf(loss).Should().Be(c.Parameters.Scale, "the library's scaling must be the one the case was computed with");
        return loss;
    }

    private static IKernel PositionKernel(LossCase c) => c.Parameters.Kernel switch
    {
        "rbf" => new GaussianKernel(c.Parameters.Sigma!.Value, SliceAttribute.Position),
        "laplacian" => new LaplacianKernel(c.Parameters.Sigma!.Value, SliceAttribute.Position),
        "distance" => new ExponentialKernel(SliceAttribute.Position),
        "discrete" => new GradeDistanceKernel(new[] { 1.0, 0.5 }, SliceAttribute.Position),
        var other => throw new NotSupportedException($"Unknown kernel '{other}' in case {c.Name}."),
    };

    private static string ScaleOf(KernelContrastiveLoss loss) =>
        loss.Normalization == ContrastiveNormalization.PerAnchor || loss.ReferenceScaling == ReferenceScaling.PerAnchor ? "1/(2N)" : "1/N";
}
