using Wsp.Data.Subjects;

namespace Wsp.Samples.CirrhosisTraining;

/// <summary>The two cohorts of the experiment.</summary>
/// <param name="Weak">Weakly labelled patients for pretraining; null when none were given (real data, method "none" only).</param>
/// <param name="Histology">Patients with histology, for the evaluation.</param>
/// <param name="Description">A line describing where they come from.</param>
public sealed record CohortTables(SubjectTable? Weak, SubjectTable Histology, string Description);
