namespace Wsp.Data.Sampling;

/// <summary>How <see cref="PatientBatchSampler"/> draws patients.</summary>
public enum PatientWeighting
{
    /// <summary>Probability proportional to 1 / (number of patients with the same weak label): the authors' choice.</summary>
    ClassBalanced,

    /// <summary>Every patient equally likely.</summary>
    Uniform,
}
