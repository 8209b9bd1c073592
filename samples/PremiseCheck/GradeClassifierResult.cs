namespace Wsp.Samples.PremiseCheck;

/// <summary>How well a supervised classifier of the weak grade did, trained under one set of augmentations.</summary>
/// <param name="Augmentation">The augmentations' name.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Steps">Training steps (batches of one slice per patient).</param>
/// <param name="FirstLoss">Mean cross-entropy of the first epoch.</param>
/// <param name="FinalLoss">Mean cross-entropy of the last epoch.</param>
/// <param name="TrainingSliceAccuracy">Accuracy on every kept slice of the training patients, unaugmented.</param>
/// <param name="SliceAccuracy">Accuracy on every kept slice of the held-out patients.</param>
/// <param name="SliceBalancedAccuracy">Mean recall of the three grades on the held-out slices (chance: 1/3).</param>
/// <param name="LiverSliceAccuracy">Accuracy on the held-out slices through the liver.</param>
/// <param name="OtherSliceAccuracy">Accuracy on the other held-out slices.</param>
/// <param name="PatientAccuracy">Accuracy of the held-out patients' grades, each from its slices' mean logits.</param>
/// <param name="LiverSlices">Held-out slices through the liver.</param>
/// <param name="OtherSlices">Other held-out slices.</param>
public sealed record GradeClassifierResult(string Augmentation, double LearningRate, int Steps, double FirstLoss, double FinalLoss,
    double TrainingSliceAccuracy, double SliceAccuracy, double SliceBalancedAccuracy, double LiverSliceAccuracy, double OtherSliceAccuracy,
    double PatientAccuracy, int LiverSlices, int OtherSlices);
