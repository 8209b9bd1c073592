using System.Runtime.CompilerServices;
using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Data.Subjects;
using Wsp.Data.Volumes;
using Wsp.Training;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Samples.PremiseCheck;

/// <summary>
/// Trains the pretraining's encoder (TinyNet at 64 px, seeded as pretraining seeds it) as a supervised classifier of
/// the weak grade, with pretraining's batches (one slice per patient, class-balanced by grade, drawn by the same
/// sampler and augmented by the same augmenter), then scores it on the held-out patients' slices without augmentation.
/// </summary>
public sealed class GradeClassifierExperiment
{
    private const int Grades = 3;
    private readonly PremiseCohort _cohort;
    private readonly Device _device;
    private readonly int _seed;
    private readonly SliceCohort _training;
    private readonly Dictionary<string, IReadOnlySet<int>> _liverSlices;

    /// <summary>Creates the experiment and reads the training patients' slices.</summary>
    /// <param name="cohort">The patients.</param>
    /// <param name="device">Where to train.</param>
    /// <param name="seed">Seed of the weights, the sampler and the augmentations.</param>
    public GradeClassifierExperiment(PremiseCohort cohort, Device device, int seed)
    {
        _cohort = cohort ?? throw new ArgumentNullException(nameof(cohort));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _seed = seed;
        _training = cohort.Open(cohort.Training);
        _liverSlices = cohort.Test.Subjects.ToDictionary(s => s.Id, cohort.LiverSlices);
    }

    /// <summary>Trains one classifier and scores it.</summary>
    /// <param name="augmentation">The augmentations of its training batches.</param>
    /// <param name="learningRate">Adam's learning rate (constant).</param>
    /// <param name="steps">Training steps, rounded up to whole epochs.</param>
    /// <param name="batchSize">Patients per batch.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public async Task<GradeClassifierResult> RunAsync(AugmentationSetting augmentation, double learningRate, int steps, int batchSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(augmentation);
        var sampler = new PatientBatchSampler(_training.Loader.WeakLabels, _training.SliceCounts, batchSize, _seed);
        var stream = new ContrastiveBatchStream(_training.Loader, sampler, _device, _seed, augmentation.Options);
        int epochs = (steps + sampler.BatchesPerEpoch - 1) / sampler.BatchesPerEpoch;
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { ClassCount = Grades }, _seed, _device);
        IReadOnlyList<double> losses;
        using (var trainer = new ClassifierTrainer(encoder, new ClassifierOptions { Epochs = epochs, LearningRate = learningRate }))
            // The sampler balances the grades, so the classes weigh the same.
            losses = await trainer.TrainAsync(epoch => FirstViews(stream.Epoch(epoch, cancellationToken)), [1.0, 1.0, 1.0], cancellationToken).ConfigureAwait(false);

        encoder.eval();
        var training = Score(encoder, _cohort.Training.Subjects, liverSlices: null);
        var test = Score(encoder, _cohort.Test.Subjects, _liverSlices);
        return new GradeClassifierResult(augmentation.Name, learningRate, epochs * sampler.BatchesPerEpoch, losses[0], losses[^1],
            training.SliceAccuracy, test.SliceAccuracy, test.BalancedAccuracy, test.LiverAccuracy, test.OtherAccuracy, test.PatientAccuracy,
            test.LiverSlices, test.OtherSlices);
    }

    private static async IAsyncEnumerable<(Tensor Images, Tensor Labels)> FirstViews(IAsyncEnumerable<ContrastiveBatch> batches)
    {
        await foreach (ContrastiveBatch batch in batches.ConfigureAwait(false))
            yield return (batch.ViewA, batch.Attributes!.WeakLabels!);
    }

    private Scores Score(SliceEncoder encoder, IReadOnlyList<Subject> subjects, IReadOnlyDictionary<string, IReadOnlySet<int>>? liverSlices)
    {
        int correct = 0, slices = 0, liverCorrect = 0, liver = 0, otherCorrect = 0, other = 0, patientsCorrect = 0;
        var perGrade = new (int Correct, int Total)[Grades];
        foreach (Subject subject in subjects)
        {
            int grade = subject.WeakLabel!.Value;
            using SliceStack stack = _cohort.Slicer.Load(subject);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Tensor logits = encoder.Classify(stack.Images.to(_device)).cpu();
            long[] predicted = logits.argmax(1).data<long>().ToArray();
            if (logits.mean([0]).argmax().item<long>() == grade)
                patientsCorrect++;
            for (int i = 0; i < predicted.Length; i++)
            {
                bool right = predicted[i] == grade;
                correct += right ? 1 : 0;
                slices++;
                perGrade[grade] = (perGrade[grade].Correct + (right ? 1 : 0), perGrade[grade].Total + 1);
                if (liverSlices is null)
                    continue;
                if (liverSlices[subject.Id].Contains(stack.SliceIndices[i]))
                    (liverCorrect, liver) = (liverCorrect + (right ? 1 : 0), liver + 1);
                else
                    (otherCorrect, other) = (otherCorrect + (right ? 1 : 0), other + 1);
            }
        }
        return new Scores((double)correct / slices, perGrade.Where(g => g.Total > 0).Average(g => (double)g.Correct / g.Total),
            liver == 0 ? double.NaN : (double)liverCorrect / liver, other == 0 ? double.NaN : (double)otherCorrect / other,
            (double)patientsCorrect / subjects.Count, liver, other);
    }

    private sealed record Scores(double SliceAccuracy, double BalancedAccuracy, double LiverAccuracy, double OtherAccuracy, double PatientAccuracy,
        int LiverSlices, int OtherSlices);
}
