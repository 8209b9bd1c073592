using TorchSharp.Modules;
using Wsp.Core;
using static TorchSharp.torch;

namespace Wsp.Losses;

/// <summary>
/// The base of every contrastive loss over two views of N slices: forward(viewA [N, D], viewB [N, D], attributes)
/// returns the scalar loss. Trainers are typed on it (as TorchSharp's trainers are on its loss base), so they can
/// say what they need: the loss itself and a <see cref="Describe">description</see> of its settings, which a
/// checkpoint records so that a run never resumes with another loss.
/// </summary>
public abstract class ContrastiveLoss : ParameterLessModule<Tensor, Tensor, SliceAttributes?, Tensor>
{
    /// <summary>Creates the loss module.</summary>
    /// <param name="name">Module name.</param>
    protected ContrastiveLoss(string name)
        : base(TorchSharpNative.AfterLoading(name))
    {
    }

    /// <summary>The loss and every setting that changes its value, in a stable, human-readable form.</summary>
    public abstract string Describe();
}
