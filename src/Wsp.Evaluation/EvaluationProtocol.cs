namespace Wsp.Evaluation;

/// <summary>How an encoder is turned into a classifier for evaluation.</summary>
public enum EvaluationProtocol
{
    /// <summary>A logistic regression on each patient's mean frozen representation (the authors' scikit-learn protocol).</summary>
    LinearProbe,

    /// <summary>A copy of the encoder and its classifier head trained end to end; a patient's probability is the mean of its slices'.</summary>
    FineTuning,
}
