using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Evaluation;
using Wsp.Training;
using Wsp.Training.Encoders;

namespace Wsp.Models;

/// <summary>
/// Fits the final model on every labelled patient of a cohort, the way each cross-validation fold fits on its training
/// patients (<see cref="CrossValidationRunner"/>): a linear probe on each patient's mean frozen representation, or
/// fine-tuning of a copy of the encoder; then the Youden cut-off on the same patients.
/// </summary>
public static class PatientClassifierFitter
{
    /// <summary>Fits a logistic-regression probe (scikit-learn's protocol) on the patients' mean representations.</summary>
    /// <param name="encoder">The pretrained encoder, built by <see cref="EncoderFactory"/>; it is copied, not modified.</param>
    /// <param name="cohort">The labelled patients (strong label 0 or 1, both classes present); its slicer becomes the model's preprocessing.</param>
    /// <param name="options">Slices per patient, class names, provenance; defaults when null.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="InvalidDataException">A patient lacks a label of 0 or 1, or one class is absent; the message names the table and the patient.</exception>
    public static async Task<PatientClassifier> FitLinearProbeAsync(SliceEncoder encoder, SliceCohort cohort, PatientClassifierOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        (PatientClassifierOptions settings, int[] labels, ModelPreprocessing preprocessing) = Prepare(encoder, cohort, options);
        SliceReference[] slices = EvaluationSampler.Spread(cohort.SliceCounts, settings.SlicesPerPatient);
        double[][] features = await PatientEmbeddings.MeanRepresentationsAsync(encoder, cohort, slices, cancellationToken: cancellationToken).ConfigureAwait(false);
        var probe = LogisticRegressionProbe.Fit(features, labels);
        return Finish(EncoderFactory.Copy(encoder), EvaluationProtocol.LinearProbe, probe, probe.PredictProbabilities(features), labels, preprocessing, settings);
    }

    /// <summary>Fine-tunes a copy of the encoder with its classifier head on every patient (as a cross-validation fold does on its training patients).</summary>
    /// <param name="encoder">The pretrained encoder, built by <see cref="EncoderFactory"/>; it is copied, not modified.</param>
    /// <param name="cohort">The labelled patients (strong label 0 or 1, both classes present); its slicer becomes the model's preprocessing.</param>
    /// <param name="options">Epochs, learning rate, seed, class names, provenance; defaults when null.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    /// <exception cref="InvalidDataException">A patient lacks a label of 0 or 1, or one class is absent; the message names the table and the patient.</exception>
    public static async Task<PatientClassifier> FitFineTunedAsync(SliceEncoder encoder, SliceCohort cohort, PatientClassifierOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        (PatientClassifierOptions settings, int[] labels, ModelPreprocessing preprocessing) = Prepare(encoder, cohort, options);
        var crossValidation = new CrossValidationOptions
        {
            Seed = settings.Seed,
            EvaluationSlicesPerPatient = settings.SlicesPerPatient,
            FineTuneEpochs = settings.FineTuneEpochs,
            FineTuneSlicesPerPatient = settings.FineTuneSlicesPerPatient,
            FineTuneLearningRate = settings.FineTuneLearningRate,
        };
        var fineTuning = new SliceFineTuning(cohort, crossValidation);
        SliceEncoder copy = EncoderFactory.Copy(encoder);
        try
        {
            int[] everyone = Enumerable.Range(0, cohort.Count).ToArray();
            double[] probabilities;
            using (ClassifierTrainer trainer = await fineTuning.TrainAsync(copy, everyone, labels, settings.Seed, fold: 0, cancellationToken).ConfigureAwait(false))
                probabilities = await fineTuning.PatientProbabilitiesAsync(trainer, copy.parameters().First().device,
                    EvaluationSampler.Spread(cohort.SliceCounts, settings.SlicesPerPatient), cancellationToken).ConfigureAwait(false);
            return Finish(copy, EvaluationProtocol.FineTuning, null, probabilities, labels, preprocessing, settings);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    private static (PatientClassifierOptions Settings, int[] Labels, ModelPreprocessing Preprocessing) Prepare(SliceEncoder encoder, SliceCohort cohort,
        PatientClassifierOptions? options)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(cohort);
        if (encoder.Options is null)
            throw new ArgumentException("The encoder was not built by EncoderFactory, so a model cannot record how to rebuild it.", nameof(encoder));
        PatientClassifierOptions settings = options?.Clone() ?? new PatientClassifierOptions();
        settings.Validate();
        int[] labels = cohort.Subjects.Subjects.Select(s => s.StrongLabel is 0 or 1
            ? s.StrongLabel.Value
            : throw new InvalidDataException($"{cohort.Subjects.Source}: subject '{s.Id}' needs a strong label of 0 or 1 to fit a model, not '{s.StrongLabel?.ToString() ?? "none"}'.")).ToArray();
        if (labels.Distinct().Count() < 2)
            throw new InvalidDataException($"{cohort.Subjects.Source}: every patient has label {labels[0]}; a classifier needs patients of both classes.");
        return (settings, labels, new ModelPreprocessing(cohort.Loader.Slicer, settings.SlicesPerPatient));
    }

    private static PatientClassifier Finish(SliceEncoder encoder, EvaluationProtocol protocol, LogisticRegressionProbe? probe, double[] probabilities,
        int[] labels, ModelPreprocessing preprocessing, PatientClassifierOptions settings)
    {
        double threshold = BinaryMetrics.YoudenThreshold(labels, probabilities);
        var fit = new ModelFitSummary(labels.Length, labels.Count(l => l == 1), BinaryMetrics.RocAuc(labels, probabilities));
        var provenance = new ModelProvenance(settings.PretrainingMethod, settings.PretrainingSettings.ToDictionary(), ModelFile.PackageVersion, DateTimeOffset.UtcNow);
        return new PatientClassifier(encoder, protocol, probe, preprocessing, threshold, settings.ClassNames, provenance, fit);
    }
}
