using Wsp.Training;
using Wsp.Training.Encoders;

namespace Wsp.Samples.CirrhosisTraining;

/// <summary>An encoder after pretraining with one method.</summary>
/// <param name="Method">The method.</param>
/// <param name="Encoder">The encoder, on the experiment's device (randomly initialised for <see cref="PretrainingMethod.None"/>).</param>
/// <param name="TrainingLosses">Mean training loss of each epoch (empty without pretraining).</param>
/// <param name="ValidationLosses">Mean loss of each epoch on the histology patients' slices, never trained on.</param>
/// <param name="Duration">Wall time of the pretraining.</param>
public sealed record PretrainedEncoder(PretrainingMethod Method, SliceEncoder Encoder, IReadOnlyList<double> TrainingLosses,
    IReadOnlyList<double> ValidationLosses, TimeSpan Duration);
