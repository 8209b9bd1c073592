using Wsp.Core;
using static TorchSharp.torch;

namespace Wsp.Training;

/// <summary>Two augmented views of N slices and the slices' attributes, ready for a contrastive step.</summary>
/// <param name="ViewA">First view [N, C, H, W], on the encoder's device.</param>
/// <param name="ViewB">Second view [N, C, H, W].</param>
/// <param name="Attributes">The slices' attributes, on the same device.</param>
public sealed record ContrastiveBatch(Tensor ViewA, Tensor ViewB, SliceAttributes? Attributes);
