using static TorchSharp.torch;

namespace Wsp.Losses;

/// <summary>The result of a kernel contrastive loss with its per-anchor terms.</summary>
/// <param name="Loss">The scalar loss; differentiable with respect to the embeddings.</param>
/// <param name="PerAnchor">
/// The 2N anchor terms l_t = -sum_j What_tj log p_tj (rows 0..N-1 are the first view), detached from the
/// graph. Loss = scale * PerAnchor.sum(), scale being 1/(2N) under per-anchor normalisation.
/// </param>
public sealed record ContrastiveLossOutput(Tensor Loss, Tensor PerAnchor);
