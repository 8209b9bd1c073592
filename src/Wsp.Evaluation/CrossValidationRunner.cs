using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Training;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Evaluation;

/// <summary>
/// The paper's evaluation on patients with a reliable binary label (histology): stratified k-fold cross-validation by
/// patient, with a linear probe on each patient's mean frozen representation or with fine-tuning of a copy of the
/// encoder. In every fold the Youden cut-off is chosen on the training patients and AUC and balanced accuracy are
/// measured on the test patients (<see cref="CrossValidation.EvaluateFold"/>).
/// </summary>
public sealed class CrossValidationRunner
{
    private readonly SliceCohort _cohort;
    private readonly CrossValidationOptions _options;
    private readonly int[] _labels;
    private readonly IReadOnlyList<(int[] Train, int[] Test)>[] _repeatFolds;
    private readonly SliceReference[] _evaluationSlices;
    private readonly SliceFineTuning _fineTuning;

    /// <summary>Prepares the folds.</summary>
    /// <param name="cohort">The patients; every subject needs a strong label of 0 or 1.</param>
    /// <param name="options">Folds, seed and fine-tuning; defaults when null.</param>
    /// <exception cref="InvalidDataException">A subject lacks a strong label of 0 or 1; the message names the table and the subject.</exception>
    public CrossValidationRunner(SliceCohort cohort, CrossValidationOptions? options = null)
    {
        _cohort = cohort ?? throw new ArgumentNullException(nameof(cohort));
        _options = options?.Clone() ?? new CrossValidationOptions();
        _options.Validate();
        _labels = cohort.Subjects.Subjects.Select(s => s.StrongLabel is 0 or 1
            ? s.StrongLabel.Value
            : throw new InvalidDataException($"{cohort.Subjects.Source}: subject '{s.Id}' needs a strong (histology) label of 0 or 1, not '{s.StrongLabel}'.")).ToArray();
        _repeatFolds = Enumerable.Range(0, _options.Repeats)
            .Select(r => StratifiedKFold.Split(_labels, _options.Folds, RepeatSeed(r))).ToArray();
        _evaluationSlices = EvaluationSampler.Spread(cohort.SliceCounts, _options.EvaluationSlicesPerPatient);
        _fineTuning = new SliceFineTuning(cohort, _options);
    }

    /// <summary>The label of each patient, in the cohort's order.</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>The training and test patients (indices into the cohort) of each fold of repeat 0, which the single-run methods use.</summary>
    public IReadOnlyList<(int[] Train, int[] Test)> Folds => _repeatFolds[0];

    /// <summary>The folds of each repeat (<see cref="CrossValidationOptions.Repeats"/>); repeat r's come from seed <see cref="CrossValidationOptions.Seed"/> + r.</summary>
    public IReadOnlyList<IReadOnlyList<(int[] Train, int[] Test)>> RepeatFolds => _repeatFolds;

    /// <summary>The fold seed of each repeat: <see cref="CrossValidationOptions.Seed"/>, + 1, ...</summary>
    public IReadOnlyList<int> RepeatSeeds => Enumerable.Range(0, _options.Repeats).Select(RepeatSeed).ToArray();

    /// <summary>Logistic regression (scikit-learn's L2, C = 1, standardised features) on each patient's mean frozen representation.</summary>
    /// <param name="encoder">The encoder; it is not modified.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public async Task<CrossValidationResult> LinearProbeAsync(SliceEncoder encoder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        return LinearProbe(await EmbedAsync(encoder, cancellationToken).ConfigureAwait(false), _repeatFolds[0]);
    }

    /// <summary>
    /// <see cref="LinearProbeAsync"/> repeated <see cref="CrossValidationOptions.Repeats"/> times on folds from seeds
    /// <see cref="RepeatSeeds"/>; the patients are embedded once. Repeat 0 equals <see cref="LinearProbeAsync"/>.
    /// </summary>
    /// <param name="encoder">The encoder; it is not modified.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public async Task<RepeatedCrossValidation> LinearProbeRepeatedAsync(SliceEncoder encoder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        double[][] features = await EmbedAsync(encoder, cancellationToken).ConfigureAwait(false);
        return RepeatedCrossValidation.Summarize(RepeatSeeds, _repeatFolds.Select(folds => LinearProbe(features, folds)).ToArray());
    }

    private Task<double[][]> EmbedAsync(SliceEncoder encoder, CancellationToken cancellationToken) =>
        PatientEmbeddings.MeanRepresentationsAsync(encoder, _cohort, _evaluationSlices, _options.PredictionBatchSize, cancellationToken);

    private CrossValidationResult LinearProbe(double[][] features, IReadOnlyList<(int[] Train, int[] Test)> splits)
    {
        var folds = new List<FoldMetrics>();
        var predictions = new List<PatientPrediction>();
        for (int fold = 0; fold < splits.Count; fold++)
        {
            var (train, test) = splits[fold];
            var probe = LogisticRegressionProbe.Fit(train.Select(p => features[p]).ToArray(), train.Select(p => _labels[p]).ToArray());
            AddFold(fold, probe.PredictProbabilities(features), test, folds, predictions);
        }
        return new CrossValidationResult(EvaluationProtocol.LinearProbe, CrossValidation.Summarize(folds), predictions);
    }

    /// <summary>
    /// Fine-tunes a copy of the encoder with its classifier head on each fold's training patients (constant learning
    /// rate, class-weighted cross-entropy, random augmented slices) and predicts every patient as the mean of its
    /// evaluation slices' probabilities.
    /// </summary>
    /// <param name="encoder">The pretrained encoder, built by <see cref="EncoderFactory"/>; it is not modified.</param>
    /// <param name="progress">Receives a report after each fold.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public async Task<CrossValidationResult> FineTuneAsync(SliceEncoder encoder, IProgress<FoldProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        return await FineTuneAsync(encoder, _repeatFolds[0], RepeatSeed(0), 0, _repeatFolds[0].Count, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="FineTuneAsync(SliceEncoder, IProgress{FoldProgress}?, CancellationToken)"/> repeated
    /// <see cref="CrossValidationOptions.Repeats"/> times; repeat r uses folds, slices and augmentations from seed
    /// <see cref="RepeatSeeds"/>[r]. Repeat 0 equals the single run.
    /// </summary>
    /// <param name="encoder">The pretrained encoder, built by <see cref="EncoderFactory"/>; it is not modified.</param>
    /// <param name="progress">Receives a report after each fold, counting the folds of all repeats.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    public async Task<RepeatedCrossValidation> FineTuneRepeatedAsync(SliceEncoder encoder, IProgress<FoldProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        int total = _repeatFolds.Sum(f => f.Count);
        var repeats = new List<CrossValidationResult>();
        for (int r = 0, done = 0; r < _repeatFolds.Length; done += _repeatFolds[r].Count, r++)
            repeats.Add(await FineTuneAsync(encoder, _repeatFolds[r], RepeatSeed(r), done, total, progress, cancellationToken).ConfigureAwait(false));
        return RepeatedCrossValidation.Summarize(RepeatSeeds, repeats);
    }

    private async Task<CrossValidationResult> FineTuneAsync(SliceEncoder encoder, IReadOnlyList<(int[] Train, int[] Test)> splits, int seed,
        int foldsBefore, int foldsInAll, IProgress<FoldProgress>? progress, CancellationToken cancellationToken)
    {
        var folds = new List<FoldMetrics>();
        var predictions = new List<PatientPrediction>();
        for (int fold = 0; fold < splits.Count; fold++)
        {
            var (train, test) = splits[fold];
            using SliceEncoder copy = EncoderFactory.Copy(encoder);
            using (ClassifierTrainer trainer = await _fineTuning.TrainAsync(copy, train, _labels, seed, fold, cancellationToken).ConfigureAwait(false))
                AddFold(fold, await _fineTuning.PatientProbabilitiesAsync(trainer, copy.parameters().First().device, _evaluationSlices, cancellationToken).ConfigureAwait(false), test, folds, predictions);
            progress?.Report(new FoldProgress(foldsBefore + fold + 1, foldsInAll));
        }
        return new CrossValidationResult(EvaluationProtocol.FineTuning, CrossValidation.Summarize(folds), predictions);
    }

    private int RepeatSeed(int repeat) => unchecked(_options.Seed + repeat);

    private void AddFold(int fold, double[] probabilities, int[] test, List<FoldMetrics> folds, List<PatientPrediction> predictions)
    {
        var isTest = test.ToHashSet();
        var foldPredictions = Enumerable.Range(0, _labels.Length)
            .Select(p => new PatientPrediction(fold, _cohort.Subjects.Subjects[p].Id, _labels[p], probabilities[p], isTest.Contains(p)))
            .ToList();
        folds.Add(CrossValidation.EvaluateFold(fold, foldPredictions));
        predictions.AddRange(foldPredictions);
    }
}
