using System.Runtime.CompilerServices;
using Wsp.Data.Augmentation;
using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Training;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Evaluation;

/// <summary>
/// Fine-tuning of an encoder with its classifier head on some patients of a cohort, and patient probabilities from the
/// result: shared by the cross-validation folds and by the final model fitted on every patient (Wsp.Models).
/// </summary>
internal sealed class SliceFineTuning(SliceCohort cohort, CrossValidationOptions options)
{
    /// <summary>
    /// Trains <paramref name="encoder"/> in place (constant learning rate, class-weighted cross-entropy, random augmented
    /// slices) on the <paramref name="train"/> patients; the caller disposes the returned trainer.
    /// </summary>
    public async Task<ClassifierTrainer> TrainAsync(SliceEncoder encoder, int[] train, IReadOnlyList<int> labels, int seed, int fold,
        CancellationToken cancellationToken)
    {
        Device device = encoder.parameters().First().device;
        var classifierOptions = new ClassifierOptions { Epochs = options.FineTuneEpochs, LearningRate = options.FineTuneLearningRate, FreezeBackbone = false };
        var trainer = new ClassifierTrainer(encoder, classifierOptions);
        try
        {
            double[] classWeights = ClassifierTrainer.BalancedClassWeights(train.Select(p => labels[p]).ToArray(), 2);
            await trainer.TrainAsync(epoch => Batches(train, seed, fold, epoch, device, cancellationToken), classWeights, cancellationToken).ConfigureAwait(false);
            return trainer;
        }
        catch
        {
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>A patient's probability is the mean of its evaluation slices' (<see cref="PatientAggregation"/>), in the cohort's order.</summary>
    public async Task<double[]> PatientProbabilitiesAsync(ClassifierTrainer trainer, Device device, IReadOnlyList<SliceReference> slices,
        CancellationToken cancellationToken)
    {
        var patients = new List<string>();
        var probabilities = new List<double>();
        await foreach (SliceBatch batch in cohort.Loader.ReadAsync(slices.Chunk(options.PredictionBatchSize), cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            {
                probabilities.AddRange(trainer.PredictProbabilities([batch.ImagesOn(device)]));
                patients.AddRange(batch.SubjectIds);
            }
        }
        var means = PatientAggregation.MeanProbabilities(patients, probabilities).ToDictionary(m => m.PatientId, m => m.Probability, StringComparer.Ordinal);
        return cohort.Subjects.Subjects.Select(s => means.TryGetValue(s.Id, out double p)
            ? p : throw new InvalidOperationException($"Patient '{s.Id}' has no evaluation slice.")).ToArray();
    }

    // Every training patient contributes the same number of random slices per epoch, in a seeded order.
    private async IAsyncEnumerable<(Tensor Images, Tensor Labels)> Batches(int[] train, int seed, int fold, int epoch, Device device,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var random = new Random(unchecked(seed * 7919 + fold * 131 + epoch));
        var references = train
            .SelectMany(p => Enumerable.Range(0, options.FineTuneSlicesPerPatient).Select(_ => new SliceReference(p, random.Next(cohort.SliceCounts[p]))))
            .ToArray();
        random.Shuffle(references);
        var augmenter = new SliceAugmenter(seed: random.Next());
        await foreach (SliceBatch batch in cohort.Loader.ReadAsync(references.Chunk(options.FineTuneBatchSize), cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            using (Tensor augmented = augmenter.Augment(batch.ImagesOn(device)))
            using (Tensor labels = batch.StrongLabels.to(device))
                yield return (augmented, labels);
        }
    }
}
