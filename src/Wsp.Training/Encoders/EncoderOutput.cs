namespace Wsp.Training.Encoders;

/// <summary>What <see cref="SliceEncoder"/>'s forward returns.</summary>
public enum EncoderOutput
{
    /// <summary>The backbone's representation (for probes and evaluation).</summary>
    Representation,
    /// <summary>The projection head's output (for contrastive losses).</summary>
    Projection,
    /// <summary>The classifier head's logits (for fine-tuning).</summary>
    Logits,
}
