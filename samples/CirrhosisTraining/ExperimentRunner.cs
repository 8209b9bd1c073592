using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Wsp.Data.Loading;
using Wsp.Data.Volumes;
using Wsp.Evaluation;
using Wsp.Training;
using Wsp.Samples.CirrhosisTraining.Reporting;
using static TorchSharp.torch;

namespace Wsp.Samples.CirrhosisTraining;

/// <summary>
/// The whole experiment: prepare the cohorts, then for each method pretrain an encoder on the weakly
/// labelled patients and evaluate it on the histology patients with a linear probe and with fine-tuning.
/// </summary>
public sealed class ExperimentRunner
{
    // Processed slices of both cohorts stay cached up to this size: the default run needs about 0.2 GB.
    private const long CacheBudgetBytes = 2L << 30;
    private readonly SampleOptions _options;
    private readonly ILogger? _logger;

    /// <summary>Creates the runner.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="logger">Receives the trainers' log lines, if given.</param>
    public ExperimentRunner(SampleOptions options, ILogger? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _options.Validate();
        _logger = logger;
    }

    /// <summary>The device the run uses: the one asked for, else CUDA when available, else the CPU.</summary>
    public Device ResolveDevice() => TrainingDevice.Resolve(_options.Device);

    /// <summary>Runs every method.</summary>
    /// <param name="progress">Receives the stages' progress.</param>
    /// <param name="cancellationToken">Stops the run; finished pretraining epochs stay checkpointed.</param>
    public async Task<ExperimentResults> RunAsync(IProgress<StageProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        if (_options.Threads is { } threads)
            set_num_threads(threads);
        Device device = ResolveDevice();
        Directory.CreateDirectory(_options.OutputDirectory);

        CohortTables cohorts = CohortSource.Prepare(_options, progress, cancellationToken);
        // Synthetic volumes are in HU; the authors' real volumes are pre-windowed to 0..255.
        IntensityMapping intensity = _options.UsesRealData ? IntensityMapping.Authors : IntensityMapping.SoftTissueWindow;
        var slicer = new VolumeSlicer(new CentralFractionSelection(0.7), intensity, _options.EffectiveSize);
        var loading = new SliceLoaderOptions { CacheBudgetBytes = CacheBudgetBytes / 2 };
        progress?.Report(new StageProgress("Reading volumes", 0));
        var histology = new SliceCohort(cohorts.Histology, slicer, loading, cancellationToken);
        SliceCohort? weak = cohorts.Weak is null ? null : new SliceCohort(cohorts.Weak, slicer, loading, cancellationToken);
        progress?.Report(new StageProgress("Reading volumes", 1, $"{histology.Count} histology + {weak?.Count ?? 0} weakly labelled patients"));

        var evaluation = new CrossValidationRunner(histology, new CrossValidationOptions
        {
            Folds = _options.Folds,
            Seed = _options.Seed,
            EvaluationSlicesPerPatient = _options.EvaluationSlicesPerPatient,
            FineTuneEpochs = _options.FineTuneEpochs,
            FineTuneSlicesPerPatient = _options.FineTuneSlicesPerPatient,
        });
        var pretraining = new EncoderPretraining(_options, device, _logger);
        var results = new List<MethodResult>();
        var trainingLosses = new Dictionary<string, IReadOnlyList<double>>();
        var validationLosses = new Dictionary<string, IReadOnlyList<double>>();
        foreach (PretrainingMethod method in _options.Methods)
        {
            PretrainedEncoder pretrained = await pretraining.RunAsync(method, weak, histology, progress, cancellationToken).ConfigureAwait(false);
            using (pretrained.Encoder)
            {
                string name = method.DisplayName();
                if (pretrained.TrainingLosses.Count > 0)
                {
                    trainingLosses[name] = pretrained.TrainingLosses;
                    validationLosses[name] = pretrained.ValidationLosses;
                }
                CrossValidationResult probe = await evaluation.LinearProbeAsync(pretrained.Encoder, cancellationToken).ConfigureAwait(false);
                results.Add(new MethodResult(method, probe.Protocol, probe.Summary, probe.Predictions));
                if (!_options.FineTune)
                    continue;
                string stage = "Fine-tuning " + name;
                progress?.Report(new StageProgress(stage, 0, $"fold 1/{_options.Folds}"));
                var folds = new SynchronousProgress<FoldProgress>(f => progress?.Report(new StageProgress(stage, (double)f.CompletedFolds / f.Folds,
                    f.CompletedFolds < f.Folds ? $"fold {f.CompletedFolds + 1}/{f.Folds}" : "done")));
                CrossValidationResult fineTuned = await evaluation.FineTuneAsync(pretrained.Encoder, folds, cancellationToken).ConfigureAwait(false);
                results.Add(new MethodResult(method, fineTuned.Protocol, fineTuned.Summary, fineTuned.Predictions));
            }
        }
        return new ExperimentResults(cohorts.Description, results, trainingLosses, validationLosses, clock.Elapsed);
    }
}
