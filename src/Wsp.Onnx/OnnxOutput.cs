namespace Wsp.Onnx;

/// <summary>An output an exported graph can have; each is named as in <see cref="OnnxNames"/>.</summary>
public enum OnnxOutput
{
    /// <summary>The backbone's representation [batch, representation size] (<c>representation</c>).</summary>
    Representation,

    /// <summary>The projection head's output [batch, projection size] (<c>projection</c>).</summary>
    Projection,

    /// <summary>The classifier head's logits [batch, classes] (<c>logits</c>).</summary>
    Logits,

    /// <summary>A patient classifier's positive-class logit of each slice [batch] (<c>slice_logit</c>); patient classifiers only.</summary>
    SliceLogit,

    /// <summary>A patient classifier's positive-class probability of each slice [batch] (<c>slice_probability</c>); patient classifiers only.</summary>
    SliceProbability,
}
