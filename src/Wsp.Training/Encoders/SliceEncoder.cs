using Wsp.Core;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Wsp.Training.Encoders;

/// <summary>
/// A slice encoder: a backbone giving the representation, a projection head (Linear-ReLU-...-Linear) for
/// contrastive losses and a linear classifier head for fine-tuning. <see cref="Represent"/>, <see cref="Project"/>
/// and <see cref="Classify"/> give each output; <c>forward</c> is <see cref="Project"/> (what contrastive
/// losses compare), always. Images smaller than <see cref="MinimumInputSize"/> pixels are refused by name
/// before they reach libtorch's pooling. Parameter names: <c>backbone.*</c> (PyTorch's names inside), <c>projection.*</c>,
/// <c>classifier.*</c>.
/// </summary>
public sealed class SliceEncoder : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> backbone;
    private readonly Sequential projection;
    private readonly Linear classifier;

    /// <summary>Creates an encoder around a backbone.</summary>
    /// <param name="backbone">Maps images [B, C, H, W] to representations [B, representationSize].</param>
    /// <param name="representationSize">The backbone's output features.</param>
    /// <param name="projectionSizes">Projection layer sizes.</param>
    /// <param name="classCount">Classifier outputs.</param>
    /// <param name="architecture">The architecture, recorded for checkpoints.</param>
    public SliceEncoder(Module<Tensor, Tensor> backbone, int representationSize, IReadOnlyList<int> projectionSizes, int classCount, EncoderArchitecture architecture)
        : base(TorchSharpNative.AfterLoading(nameof(SliceEncoder)))
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(projectionSizes);
        this.backbone = backbone;
        var layers = new List<Module<Tensor, Tensor>>();
        long inputs = representationSize;
        for (int i = 0; i < projectionSizes.Count; i++)
        {
            if (i > 0) layers.Add(ReLU());
            layers.Add(Linear(inputs, projectionSizes[i]));
            inputs = projectionSizes[i];
        }
        projection = Sequential(layers);
        classifier = Linear(representationSize, classCount);
        RepresentationSize = representationSize;
        ProjectionSize = (int)inputs;
        ClassCount = classCount;
        Architecture = architecture;
        RegisterComponents();
    }

    /// <summary>The backbone architecture.</summary>
    public EncoderArchitecture Architecture { get; }

    /// <summary>Representation features.</summary>
    public int RepresentationSize { get; }

    /// <summary>Projection features.</summary>
    public int ProjectionSize { get; }

    /// <summary>Classifier outputs.</summary>
    public int ClassCount { get; }

    /// <summary>The smallest image height and width the backbones accept: 32 pixels (five halvings to one pixel).</summary>
    public const int MinimumInputSize = 32;

    /// <summary>The options it was built from, when built by <see cref="EncoderFactory"/> (which can then copy it); else null.</summary>
    public EncoderOptions? Options { get; internal set; }

    /// <summary>The backbone module.</summary>
    public Module<Tensor, Tensor> Backbone => backbone;

    /// <summary>The classifier head (representation to logits).</summary>
    public Module<Tensor, Tensor> ClassifierHead => classifier;

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Project(input);

    /// <summary>The architecture and head sizes, as recorded in checkpoints.</summary>
    public string Describe() => $"{Architecture}(representation {RepresentationSize}, projection {ProjectionSize}, classes {ClassCount}"
        + (Options is { } options ? $", channels {options.InputChannels}, projection layers {string.Join("-", options.ProjectionSizes)})" : ")");

    /// <summary>The representation [B, RepresentationSize].</summary>
    /// <param name="images">[B, C, H, W].</param>
    public Tensor Represent(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4)
            throw new ArgumentException($"Expected images [B, C, H, W], got shape [{string.Join(", ", images.shape)}].", nameof(images));
        if (images.shape[2] < MinimumInputSize || images.shape[3] < MinimumInputSize)
            throw new ArgumentException($"{Architecture} needs images of at least {MinimumInputSize} x {MinimumInputSize} pixels, got {images.shape[2]} x {images.shape[3]}.", nameof(images));
        return backbone.call(images);
    }

    /// <summary>The projection [B, ProjectionSize].</summary>
    /// <param name="images">[B, C, H, W].</param>
    public Tensor Project(Tensor images)
    {
        using var scope = NewDisposeScope();
        return projection.call(Represent(images)).MoveToOuterDisposeScope();
    }

    /// <summary>The classifier logits [B, ClassCount].</summary>
    /// <param name="images">[B, C, H, W].</param>
    public Tensor Classify(Tensor images)
    {
        using var scope = NewDisposeScope();
        return classifier.call(Represent(images)).MoveToOuterDisposeScope();
    }
}
