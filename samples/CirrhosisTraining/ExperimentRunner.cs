using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Wsp.Data.Volumes;
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
    public Device ResolveDevice()
    {
        string name = _options.Device ?? (cuda.is_available() ? "cuda" : "cpu");
        if (name == "cuda" && !cuda.is_available())
            throw new InvalidOperationException("--device cuda was asked for, but no CUDA device is available to TorchSharp (is a CUDA backend package referenced?).");
        return new Device(name);
    }

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
        progress?.Report(new StageProgress("Reading volumes", 0));
        var histology = new SliceSet(cohorts.Histology, slicer, CacheBudgetBytes / 2, cancellationToken);
        SliceSet? weak = cohorts.Weak is null ? null : new SliceSet(cohorts.Weak, slicer, CacheBudgetBytes / 2, cancellationToken);
        progress?.Report(new StageProgress("Reading volumes", 1, $"{histology.Count} histology + {weak?.Count ?? 0} weakly labelled patients"));

        var evaluation = new HistologyEvaluation(_options, device, histology);
        var pretraining = new EncoderPretraining(_options, device, _logger);
        var results = new List<MethodResult>();
        var trainingLosses = new Dictionary<string, IReadOnlyList<double>>();
        var validationLosses = new Dictionary<string, IReadOnlyList<double>>();
        foreach (PretrainingMethod method in _options.Methods)
        {
            PretrainedEncoder pretrained = await pretraining.RunAsync(method, weak, histology, progress, cancellationToken).ConfigureAwait(false);
            using (pretrained.Encoder)
            {
                if (pretrained.TrainingLosses.Count > 0)
                {
                    trainingLosses[method.DisplayName()] = pretrained.TrainingLosses;
                    validationLosses[method.DisplayName()] = pretrained.ValidationLosses;
                }
                results.Add(await evaluation.LinearProbeAsync(pretrained, cancellationToken).ConfigureAwait(false));
                results.Add(await evaluation.FineTuneAsync(pretrained, pretraining.CreateEncoder, progress, cancellationToken).ConfigureAwait(false));
            }
        }
        return new ExperimentResults(cohorts.Description, results, trainingLosses, validationLosses, clock.Elapsed);
    }
}
