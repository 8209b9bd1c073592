using System.Runtime.CompilerServices;
using Wsp.Training.Encoders;
using Wsp.Evaluation;
using Wsp.Training;
using Wsp.Data.Augmentation;
using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Samples.CirrhosisTraining.Reporting;
using static TorchSharp.torch;

namespace Wsp.Samples.CirrhosisTraining;

/// <summary>
/// The paper's evaluation on the histology patients: stratified k-fold cross-validation by patient, the
/// patient's probability being the mean over its slices (fine-tuning) or coming from its mean representation
/// (linear probe, the authors' scikit-learn protocol); the Youden cut-off is chosen on each fold's training
/// patients, and AUC and balanced accuracy are measured on its test patients.
/// </summary>
public sealed class HistologyEvaluation
{
    private const int PredictionBatch = 64;
    private const int FineTuneBatch = 32;
    private readonly SampleOptions _options;
    private readonly Device _device;
    private readonly SliceSet _histology;
    private readonly int[] _labels;
    private readonly IReadOnlyList<(int[] Train, int[] Test)> _folds;
    private readonly SliceReference[] _evaluationSlices;

    /// <summary>Prepares the folds.</summary>
    /// <param name="options">The sample's settings (folds, seed, fine-tuning).</param>
    /// <param name="device">Device of the encoders.</param>
    /// <param name="histology">The patients with histology; every subject needs a 0/1 label.</param>
    /// <exception cref="InvalidDataException">A subject lacks a histology label or has one other than 0/1.</exception>
    public HistologyEvaluation(SampleOptions options, Device device, SliceSet histology)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _histology = histology ?? throw new ArgumentNullException(nameof(histology));
        _labels = histology.Subjects.Subjects.Select(s => s.StrongLabel is 0 or 1
            ? s.StrongLabel.Value
            : throw new InvalidDataException($"{histology.Subjects.Source}: subject '{s.Id}' needs a histology label of 0 or 1 (column 'label'), not '{s.StrongLabel}'.")).ToArray();
        _folds = StratifiedKFold.Split(_labels, options.Folds, options.Seed);
        _evaluationSlices = SpreadSlices(histology.SliceCounts, options.EvaluationSlicesPerPatient);
    }

    /// <summary>Histology label of each patient.</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>Logistic regression (scikit-learn's L2, C = 1, standardised features) on each patient's mean frozen representation.</summary>
    /// <param name="pretrained">The encoder.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public async Task<MethodResult> LinearProbeAsync(PretrainedEncoder pretrained, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        double[][] features = await MeanRepresentationsAsync(pretrained.Encoder, cancellationToken).ConfigureAwait(false);
        var folds = new List<FoldMetrics>();
        var predictions = new List<PatientPrediction>();
        for (int fold = 0; fold < _folds.Count; fold++)
        {
            var (train, test) = _folds[fold];
            var probe = LogisticRegressionProbe.Fit(train.Select(p => features[p]).ToArray(), train.Select(p => _labels[p]).ToArray());
            double[] probabilities = probe.PredictProbabilities(features);
            var foldPredictions = Predictions(fold, probabilities, test);
            folds.Add(CrossValidation.EvaluateFold(fold, foldPredictions));
            predictions.AddRange(foldPredictions);
        }
        return new MethodResult(pretrained.Method.DisplayName(), MethodResult.LinearProbe, CrossValidation.Summarize(folds), predictions);
    }

    /// <summary>Fine-tunes a copy of the encoder with its classifier head on each fold's training patients.</summary>
    /// <param name="pretrained">The encoder; it is not modified.</param>
    /// <param name="createEncoder">Creates an encoder of the same architecture, on the device.</param>
    /// <param name="progress">Receives a report per fold.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public async Task<MethodResult> FineTuneAsync(PretrainedEncoder pretrained, Func<SliceEncoder> createEncoder,
        IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pretrained);
        ArgumentNullException.ThrowIfNull(createEncoder);
        string stage = "Fine-tuning " + pretrained.Method.DisplayName();
        var weights = pretrained.Encoder.state_dict();
        var folds = new List<FoldMetrics>();
        var predictions = new List<PatientPrediction>();
        for (int fold = 0; fold < _folds.Count; fold++)
        {
            progress?.Report(new StageProgress(stage, (double)fold / _folds.Count, $"fold {fold + 1}/{_folds.Count}"));
            var (train, test) = _folds[fold];
            using SliceEncoder encoder = createEncoder();
            encoder.load_state_dict(weights);
            var classifierOptions = new ClassifierOptions { Epochs = _options.FineTuneEpochs, LearningRate = 3e-4, FreezeBackbone = false };
            using (var trainer = new ClassifierTrainer(encoder, classifierOptions))
            {
                double[] classWeights = ClassifierTrainer.BalancedClassWeights(train.Select(p => _labels[p]).ToArray(), 2);
                await trainer.TrainAsync(epoch => FineTuneBatches(train, fold, epoch, cancellationToken), classWeights, cancellationToken).ConfigureAwait(false);
                double[] probabilities = await PatientProbabilitiesAsync(trainer, cancellationToken).ConfigureAwait(false);
                var foldPredictions = Predictions(fold, probabilities, test);
                folds.Add(CrossValidation.EvaluateFold(fold, foldPredictions));
                predictions.AddRange(foldPredictions);
            }
        }
        progress?.Report(new StageProgress(stage, 1, "done"));
        return new MethodResult(pretrained.Method.DisplayName(), MethodResult.FineTuning, CrossValidation.Summarize(folds), predictions);
    }

    /// <summary>Evenly spaced slices of each patient: at most <paramref name="perPatient"/> (0: all), centred in their strata.</summary>
    /// <param name="sliceCounts">Kept slices of each patient.</param>
    /// <param name="perPatient">Slices per patient.</param>
    public static SliceReference[] SpreadSlices(IReadOnlyList<int> sliceCounts, int perPatient)
    {
        ArgumentNullException.ThrowIfNull(sliceCounts);
        var references = new List<SliceReference>();
        for (int patient = 0; patient < sliceCounts.Count; patient++)
        {
            int count = sliceCounts[patient];
            int taken = perPatient == 0 ? count : Math.Min(count, perPatient);
            for (int i = 0; i < taken; i++)
                references.Add(new SliceReference(patient, (int)((i + 0.5) * count / taken)));
        }
        return references.ToArray();
    }

    private List<PatientPrediction> Predictions(int fold, double[] probabilities, int[] test)
    {
        var isTest = test.ToHashSet();
        return Enumerable.Range(0, _labels.Length)
            .Select(p => new PatientPrediction(fold, _histology.Subjects.Subjects[p].Id, _labels[p], probabilities[p], isTest.Contains(p)))
            .ToList();
    }

    private Task<double[][]> MeanRepresentationsAsync(SliceEncoder encoder, CancellationToken cancellationToken)
    {
        encoder.eval();
        return MeanOverEvaluationSlicesAsync(images =>
        {
            using var noGrad = no_grad();
            using Tensor representation = encoder.Represent(images);
            using Tensor onHost = representation.to(ScalarType.Float64).cpu();
            return onHost.data<double>().ToArray();
        }, cancellationToken);
    }

    private async Task<double[]> PatientProbabilitiesAsync(ClassifierTrainer trainer, CancellationToken cancellationToken)
    {
        double[][] means = await MeanOverEvaluationSlicesAsync(images => trainer.PredictProbabilities(new[] { images }), cancellationToken).ConfigureAwait(false);
        return means.Select(mean => mean[0]).ToArray();
    }

    // Runs every evaluation slice through `evaluate` (images on the device -> the batch's rows, flattened) and
    // averages the rows of each patient.
    private async Task<double[][]> MeanOverEvaluationSlicesAsync(Func<Tensor, double[]> evaluate, CancellationToken cancellationToken)
    {
        var sums = new double[_labels.Length][];
        var counts = new int[_labels.Length];
        await foreach (SliceBatch batch in _histology.Loader.ReadAsync(_evaluationSlices.Chunk(PredictionBatch), cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            using (Tensor images = batch.Images.to(_device))
            {
                double[] values = evaluate(images);
                long[] patients = batch.PatientIndices.data<long>().ToArray();
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
            for (int j = 0; j < sums[p].Length; j++)
                sums[p][j] /= counts[p];
        return sums;
    }

    // Every training patient contributes the same number of random slices per epoch, in a seeded order.
    private async IAsyncEnumerable<(Tensor Images, Tensor Labels)> FineTuneBatches(int[] train, int fold, int epoch,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var random = new Random(unchecked(_options.Seed * 7919 + fold * 131 + epoch));
        var references = train
            .SelectMany(p => Enumerable.Range(0, _options.FineTuneSlicesPerPatient).Select(_ => new SliceReference(p, random.Next(_histology.SliceCounts[p]))))
            .ToArray();
        random.Shuffle(references);
        var augmenter = new SliceAugmenter(seed: random.Next());
        await foreach (SliceBatch batch in _histology.Loader.ReadAsync(references.Chunk(FineTuneBatch), cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            using (Tensor images = batch.Images.to(_device))
            using (Tensor augmented = augmenter.Augment(images))
            using (Tensor labels = batch.StrongLabels.to(_device))
                yield return (augmented, labels);
        }
    }
}
