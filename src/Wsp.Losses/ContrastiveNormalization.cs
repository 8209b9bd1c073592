namespace Wsp.Losses;

/// <summary>How a kernel contrastive loss normalises the pair weights W (see the README of the reference values).</summary>
public enum ContrastiveNormalization
{
    /// <summary>
    /// The papers' intent: each anchor's weights sum to 1, What_tj = W_tj / sum_k W_tk, and the loss is
    /// the mean over the 2N anchors. The default.
    /// </summary>
    PerAnchor,

    /// <summary>
    /// Reproduces the authors' code exactly: What_tj = W_tj / sum_k W_jk (column j divided by the sum of
    /// row j, a broadcasting artefact of <c>weights /= weights.sum(1)</c>), with the authors' scaling of
    /// each loss (see <see cref="ReferenceScaling"/>). Use it to compare with published numbers.
    /// </summary>
    Reference,
}
