using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Evaluation;

/// <summary>Patient-level inputs of evaluation, computed from slices: mean representations and mean slice values.</summary>
public static class PatientEmbeddings
{
    /// <summary>
    /// Each patient's mean frozen representation over <paramref name="slices"/> (usually
    /// <see cref="EvaluationSampler.Spread"/>), in evaluation mode and without gradients; the encoder's mode is restored.
    /// </summary>
    /// <param name="encoder">The encoder.</param>
    /// <param name="cohort">The patients.</param>
    /// <param name="slices">The slices to average; every patient needs at least one.</param>
    /// <param name="batchSize">Slices per forward pass.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>One row of <see cref="SliceEncoder.RepresentationSize"/> values per patient, in the cohort's order.</returns>
    public static async Task<double[][]> MeanRepresentationsAsync(SliceEncoder encoder, SliceCohort cohort, IReadOnlyList<SliceReference> slices,
        int batchSize = 64, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        bool wasTraining = encoder.training;
        encoder.eval();
        try
        {
            Device device = encoder.parameters().First().device;
            return await MeanOverSlicesAsync(cohort, slices, batchSize, batch =>
            {
                using var noGrad = no_grad();
                using Tensor representation = encoder.Represent(batch.ImagesOn(device));
                using Tensor onHost = representation.to(ScalarType.Float64).cpu();
                return onHost.data<double>().ToArray();
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            encoder.train(wasTraining);
        }
    }

    /// <summary>
    /// Runs the slices through <paramref name="evaluate"/> (a batch to its slices' rows, flattened: the same number of
    /// values per slice) and averages each patient's rows.
    /// </summary>
    /// <param name="cohort">The patients.</param>
    /// <param name="slices">The slices; every patient needs at least one.</param>
    /// <param name="batchSize">Slices per call of <paramref name="evaluate"/>.</param>
    /// <param name="evaluate">A batch (disposed after the call) to one row of values per slice.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <exception cref="ArgumentException">A patient has no slice among <paramref name="slices"/>; the message names it.</exception>
    public static async Task<double[][]> MeanOverSlicesAsync(SliceCohort cohort, IReadOnlyList<SliceReference> slices, int batchSize,
        Func<SliceBatch, double[]> evaluate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var sums = new double[cohort.Count][];
        var counts = new int[cohort.Count];
        await foreach (SliceBatch batch in cohort.Loader.ReadAsync(slices.Chunk(batchSize), cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            {
                double[] values = evaluate(batch);
                long[] patients = batch.PatientIndices.data<long>().ToArray();
                if (values.Length % patients.Length != 0)
                    throw new InvalidOperationException($"{values.Length} values for {patients.Length} slices: the evaluation must give each slice the same number of values.");
                int width = values.Length / patients.Length;
                for (int i = 0; i < patients.Length; i++)
                {
                    double[] sum = sums[patients[i]] ??= new double[width];
                    for (int j = 0; j < width; j++)
                        sum[j] += values[i * width + j];
                    counts[patients[i]]++;
                }
            }
        }
        for (int p = 0; p < sums.Length; p++)
        {
            if (counts[p] == 0)
                throw new ArgumentException($"Patient '{cohort.Subjects.Subjects[p].Id}' has no slice to average.", nameof(slices));
            for (int j = 0; j < sums[p].Length; j++)
                sums[p][j] /= counts[p];
        }
        return sums;
    }
}
