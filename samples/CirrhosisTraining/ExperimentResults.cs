using Wsp.Samples.CirrhosisTraining.Reporting;

namespace Wsp.Samples.CirrhosisTraining;

/// <summary>What one run of the experiment produced.</summary>
/// <param name="Cohort">A line describing the data (synthetic with its seed, or the real tables).</param>
/// <param name="Results">Cross-validated results per method and evaluation.</param>
/// <param name="TrainingLosses">Pretraining loss per epoch, per pretrained method.</param>
/// <param name="ValidationLosses">Pretraining loss per epoch on the histology patients' slices, per pretrained method.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record ExperimentResults(string Cohort, IReadOnlyList<MethodResult> Results,
    IReadOnlyDictionary<string, IReadOnlyList<double>> TrainingLosses,
    IReadOnlyDictionary<string, IReadOnlyList<double>> ValidationLosses, TimeSpan Elapsed);
