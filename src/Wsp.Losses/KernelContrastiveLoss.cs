using System.Globalization;
using TorchSharp.Modules;
using Wsp.Core;
using Wsp.Core.Kernels;
using static TorchSharp.torch;

namespace Wsp.Losses;

/// <summary>
/// A contrastive loss whose pair weights come from any <see cref="IKernel"/> over the slices' attributes
/// (Sarfati et al., MICCAI 2023, eq. 1; y-Aware, Dufumier et al., MICCAI 2021):
/// L = -scale * sum_t sum_{j != t} What_tj log( exp(s_tj) / sum_{k != t} exp(s_tk) ),
/// s = cosine similarity / tau over the 2N embeddings of two augmented views.
/// </summary>
/// <remarks>
/// Input: the two views' embeddings [N, D] (not necessarily normalised) and the N slices' attributes.
/// Output: the scalar loss. Computed on the embeddings' device in blocks of anchors, without host
/// synchronisation; see <see cref="KernelContrastiveFunctional"/> for the numerics.
/// </remarks>
public class KernelContrastiveLoss : ContrastiveLoss
{
    private readonly ContrastiveLossOptions _options;

    /// <summary>Creates the loss.</summary>
    /// <param name="kernel">The pair-weight kernel.</param>
    /// <param name="options">Temperature (0.1), normalisation (per anchor), chunking; defaults when null.</param>
    /// <param name="referenceScaling">Scale under <see cref="ContrastiveNormalization.Reference"/>: 1/N unless stated.</param>
    public KernelContrastiveLoss(IKernel kernel, ContrastiveLossOptions? options = null, ReferenceScaling referenceScaling = ReferenceScaling.PerSlice)
        : this(nameof(KernelContrastiveLoss), kernel, options, referenceScaling)
    {
    }

    /// <summary>Creates a named loss (used by the named subclasses).</summary>
    /// <param name="name">Module name.</param>
    /// <param name="kernel">The pair-weight kernel.</param>
    /// <param name="options">Loss options; defaults when null.</param>
    /// <param name="referenceScaling">Scale under <see cref="ContrastiveNormalization.Reference"/>.</param>
    protected KernelContrastiveLoss(string name, IKernel kernel, ContrastiveLossOptions? options, ReferenceScaling referenceScaling)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        _options = options?.Clone() ?? new ContrastiveLossOptions();
        _options.Validate();
        if (!Enum.IsDefined(referenceScaling))
            throw new ArgumentOutOfRangeException(nameof(referenceScaling), referenceScaling, "Unknown reference scaling.");
        Kernel = kernel;
        ReferenceScaling = referenceScaling;
    }

    /// <summary>The pair-weight kernel.</summary>
    public IKernel Kernel { get; }

    /// <summary>The softmax temperature.</summary>
    public double Temperature => _options.Temperature;

    /// <summary>The weight normalisation.</summary>
    public ContrastiveNormalization Normalization => _options.Normalization;

    /// <summary>The scale applied under <see cref="ContrastiveNormalization.Reference"/>.</summary>
    public ReferenceScaling ReferenceScaling { get; }

    /// <inheritdoc />
    public override string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{GetType().Name}(kernel {Kernel}, temperature {Temperature:R}, normalization {Normalization}, reference scaling {ReferenceScaling})");

    /// <summary>Returns the scalar loss.</summary>
    /// <param name="viewA">Embeddings of the first view, [N, D].</param>
    /// <param name="viewB">Embeddings of the second view, [N, D].</param>
    /// <param name="attributes">Attributes of the N slices; null when the kernel reads only the sample index.</param>
    public override Tensor forward(Tensor viewA, Tensor viewB, SliceAttributes? attributes)
    {
        ContrastiveLossOutput output = ForwardWithPerAnchor(viewA, viewB, attributes);
        output.PerAnchor.Dispose();
        return output.Loss;
    }

    /// <summary>Returns the scalar loss and the 2N per-anchor terms (detached).</summary>
    /// <param name="viewA">Embeddings of the first view, [N, D].</param>
    /// <param name="viewB">Embeddings of the second view, [N, D].</param>
    /// <param name="attributes">Attributes of the N slices; null when the kernel reads only the sample index.</param>
    public ContrastiveLossOutput ForwardWithPerAnchor(Tensor viewA, Tensor viewB, SliceAttributes? attributes) =>
        KernelContrastiveFunctional.Compute(viewA, viewB, attributes, Kernel, _options, ReferenceScaling);
}
