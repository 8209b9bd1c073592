using Wsp.Training;
using System.Globalization;
using Wsp.Training.Encoders;

namespace Wsp.Samples.CirrhosisTraining;

/// <summary>
/// Settings of the cirrhosis sample. The defaults generate a synthetic cohort and finish within about a
/// quarter of an hour on two CPU cores; pass the real-data options to train on NIfTI volumes in the authors' layout.
/// </summary>
public sealed class SampleOptions
{
    /// <summary>Seed of the cohort, the initial weights, the samplers, the augmentations and the folds.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Synthetic cohort: patients with a weak radiological label only (the pretraining set).</summary>
    public int WeakPatients { get; set; } = 220;

    /// <summary>Synthetic cohort: patients with histology (the evaluation set).</summary>
    public int HistologyPatients { get; set; } = 80;

    /// <summary>In-plane size of the slices fed to the encoder; null: 64 for the synthetic cohort, 512 for real data.</summary>
    public int? Size { get; set; }

    /// <summary>Pretraining epochs (an epoch draws every weakly labelled patient once on average).</summary>
    public int Epochs { get; set; } = 80;

    /// <summary>Peak pretraining learning rate (Adam, cosine schedule). Higher than the paper's 1e-5 because the runs are short.</summary>
    public double LearningRate { get; set; } = 3e-4;

    /// <summary>Patients per contrastive batch (64 in the paper).</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Fine-tuning epochs per fold.</summary>
    public int FineTuneEpochs { get; set; } = 8;

    /// <summary>Slices drawn per training patient in each fine-tuning epoch.</summary>
    public int FineTuneSlicesPerPatient { get; set; } = 4;

    /// <summary>Slices per patient used for its prediction (evenly spaced among its kept slices; 0: all).</summary>
    public int EvaluationSlicesPerPatient { get; set; } = 16;

    /// <summary>Folds of the stratified cross-validation on the histology patients.</summary>
    public int Folds { get; set; } = 5;

    /// <summary>
    /// Bandwidth of the Gaussian position kernel of y-Aware and WSP. The paper's 0.85 weighs every pair of positions
    /// in [0, 1) at least 0.5, so the kernel carries little positional information; in this sample's short runs
    /// the losses then stay at their collapsed value log(2N - 1) (see the README). 0.1 keeps the kernel local.
    /// </summary>
    public double Sigma { get; set; } = 0.1;

    /// <summary>Synthetic cohort: probability that a patient's weak reading is moved to a neighbouring grade (<see cref="Wsp.Data.Synthetic.SyntheticCohortOptions.WeakLabelNoise"/>).</summary>
    public double WeakLabelNoise { get; set; } = DefaultWeakLabelNoise;

    /// <summary>The generator's default weak-reading error rate.</summary>
    public const double DefaultWeakLabelNoise = 0.25;

    /// <summary>Whether each method is also evaluated by fine-tuning (the linear probe always runs).</summary>
    public bool FineTune { get; set; } = true;

    /// <summary>Encoder architecture (TinyNet or ResNet-18).</summary>
    public EncoderArchitecture Encoder { get; set; } = EncoderArchitecture.TinyNet;

    /// <summary>"cpu", "cuda", or null for CUDA when available, else the CPU.</summary>
    public string? Device { get; set; }

    /// <summary>Intra-op threads of libtorch on the CPU; null: every core.</summary>
    public int? Threads { get; set; }

    /// <summary>Folder for results, charts, checkpoints and the generated cohort.</summary>
    public string OutputDirectory { get; set; } = "wsp-cirrhosis-results";

    /// <summary>Methods to compare, in table order.</summary>
    public IReadOnlyList<PretrainingMethod> Methods { get; set; } = PretrainingMethods.All;

    /// <summary>Real data: subject table (authors' format) of the histology patients; null: synthetic cohort.</summary>
    public string? HistologyTable { get; set; }

    /// <summary>Real data: folder of the histology patients' volumes.</summary>
    public string? HistologyImages { get; set; }

    /// <summary>Real data: subject table (authors' format) of the weakly labelled pretraining cohort.</summary>
    public string? WeakTable { get; set; }

    /// <summary>Real data: folder of the weakly labelled patients' volumes.</summary>
    public string? WeakImages { get; set; }

    /// <summary>Whether real data were given.</summary>
    public bool UsesRealData => HistologyTable is not null;

    /// <summary>The slice size in effect.</summary>
    public int EffectiveSize => Size ?? (UsesRealData ? 512 : 64);

    /// <summary>The command-line help.</summary>
    public const string Help = """
        Wsp cirrhosis sample: pretrain a slice encoder with each method, then evaluate it on histology.

        With no options it generates a synthetic cohort (220 weakly labelled patients, 80 with histology),
        pretrains a TinyNet with SimCLR, SupCon, y-Aware and WSP, and evaluates every method and "none"
        (no pretraining) by 5-fold cross-validation, with a linear probe and with fine-tuning.

          --seed N                 seed of everything (1)
          --weak-patients N        synthetic: weakly labelled patients (220)
          --histology-patients N   synthetic: patients with histology (80)
          --size N                 slice size in pixels (64 synthetic, 512 real data)
          --epochs N               pretraining epochs (80)
          --lr X                   pretraining learning rate (0.0003)
          --batch N                patients per contrastive batch (64)
          --finetune-epochs N      fine-tuning epochs per fold (8)
          --eval-slices N          slices per patient for its prediction, 0 = all (16)
          --folds N                cross-validation folds (5)
          --weak-noise X           synthetic cohort: weak-reading error rate in [0, 1] (0.25)
          --protocols NAME         probe or both: evaluate by linear probe only, or also by fine-tuning (both)
          --sigma X                position kernel bandwidth of y-Aware and WSP (0.1; the paper: 0.85)
          --encoder NAME           tinynet or resnet18 (tinynet)
          --device NAME            cpu or cuda (cuda when available)
          --threads N              CPU threads (all cores)
          --methods LIST           comma-separated: none,simclr,supcon,yaware,wsp (all)
          --output DIR             output folder (wsp-cirrhosis-results)
          --histology-table CSV    real data: histology subject table, authors' format
          --histology-images DIR   real data: folder of its volumes
          --weak-table CSV         real data: weakly labelled subject table, authors' format
          --weak-images DIR        real data: folder of its volumes
          --help                   this text
        """;

    /// <summary>Parses command-line arguments.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The options, or null when help was asked for.</returns>
    /// <exception cref="ArgumentException">An unknown option or a malformed value; the message names it.</exception>
    public static SampleOptions? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SampleOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is "--help" or "-h")
                return null;
            if (i + 1 >= args.Count)
                throw new ArgumentException($"Option {name} needs a value.");
            string value = args[++i];
            switch (name)
            {
                case "--seed": options.Seed = Integer(name, value, minimum: 0); break;
                case "--weak-patients": options.WeakPatients = Integer(name, value, minimum: 1); break;
                case "--histology-patients": options.HistologyPatients = Integer(name, value, minimum: 1); break;
                case "--size": options.Size = Integer(name, value, minimum: SliceEncoder.MinimumInputSize); break;
                case "--epochs": options.Epochs = Integer(name, value, minimum: 1); break;
                case "--lr": options.LearningRate = Real(name, value); break;
                case "--batch": options.BatchSize = Integer(name, value, minimum: 2); break;
                case "--finetune-epochs": options.FineTuneEpochs = Integer(name, value, minimum: 1); break;
                case "--eval-slices": options.EvaluationSlicesPerPatient = Integer(name, value, minimum: 0); break;
                case "--folds": options.Folds = Integer(name, value, minimum: 2); break;
                case "--sigma": options.Sigma = Real(name, value); break;
                case "--weak-noise": options.WeakLabelNoise = Probability(name, value); break;
                case "--protocols": options.FineTune = value switch { "both" => true, "probe" => false, _ => throw new ArgumentException($"--protocols must be probe or both, not '{value}'.") }; break;
                case "--encoder": options.Encoder = ParseEncoder(value); break;
                case "--device": options.Device = value is "cpu" or "cuda" ? value : throw new ArgumentException($"--device must be cpu or cuda, not '{value}'."); break;
                case "--threads": options.Threads = Integer(name, value, minimum: 1); break;
                case "--methods": options.Methods = value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(PretrainingMethods.Parse).Distinct().Order().ToArray(); break;
                case "--output": options.OutputDirectory = value; break;
                case "--histology-table": options.HistologyTable = value; break;
                case "--histology-images": options.HistologyImages = value; break;
                case "--weak-table": options.WeakTable = value; break;
                case "--weak-images": options.WeakImages = value; break;
                default: throw new ArgumentException($"Unknown option {name}; see --help.");
            }
        }
        options.Validate();
        return options;
    }

    /// <summary>One line describing the data and the settings, for the console and the results' header.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{(UsesRealData ? "real data" : $"synthetic cohort ({WeakPatients} weakly labelled + {HistologyPatients} histology patients)")}, seed {Seed}, {Encoder} at {EffectiveSize} px, {Epochs} pretraining epochs (lr {LearningRate:G3}, batch {BatchSize}, sigma {Sigma:G3}), {Folds}-fold cross-validation, {FineTuneEpochs} fine-tuning epochs, methods {string.Join(", ", Methods.Select(m => m.DisplayName()))}");

    /// <summary>The settings of the data that a pretraining checkpoint must share to be resumed (the trainer records its own).</summary>
    public IReadOnlyDictionary<string, string> DataSettings()
    {
        var settings = new Dictionary<string, string>
        {
            ["data"] = UsesRealData
                ? $"real: {Path.GetFullPath(HistologyTable!)}, {(WeakTable is null ? "no weak table" : Path.GetFullPath(WeakTable))}"
                : string.Create(CultureInfo.InvariantCulture, $"synthetic: {WeakPatients} weakly labelled + {HistologyPatients} histology"),
            ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
            ["slice size"] = EffectiveSize.ToString(CultureInfo.InvariantCulture),
            ["batch"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        };
        // Recorded only when changed, so that checkpoints of default runs written before the option existed still resume.
        if (WeakLabelNoise != DefaultWeakLabelNoise)
            settings["weak-reading error"] = WeakLabelNoise.ToString("R", CultureInfo.InvariantCulture);
        return settings;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent setting.</summary>
    public void Validate()
    {
        try
        {
            EncoderFactory.ValidateInputSize(EffectiveSize);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ArgumentException($"--size {EffectiveSize} is too small: the encoders need slices of at least {SliceEncoder.MinimumInputSize} pixels.");
        }
        if (Threads is { } threads && threads > Environment.ProcessorCount)
            throw new ArgumentException($"--threads {threads} is more than the {Environment.ProcessorCount} cores of this machine.");
        if (File.Exists(OutputDirectory))
            throw new ArgumentException($"--output {OutputDirectory} is a file; the results need a folder there.");
        if (Methods.Count == 0)
            throw new ArgumentException("--methods names no method.");
        if (!(Sigma > 0) || !double.IsFinite(Sigma))
            throw new ArgumentException($"--sigma must be a positive number, not {Sigma}.");
        if (!(WeakLabelNoise >= 0 && WeakLabelNoise <= 1))
            throw new ArgumentException($"--weak-noise must be in [0, 1], not {WeakLabelNoise}.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentException($"--lr must be a positive number, not {LearningRate}.");
        bool anyReal = HistologyTable is not null || HistologyImages is not null || WeakTable is not null || WeakImages is not null;
        if (anyReal && (HistologyTable is null || HistologyImages is null))
            throw new ArgumentException("Real data need both --histology-table and --histology-images.");
        if ((WeakTable is null) != (WeakImages is null))
            throw new ArgumentException("A weakly labelled cohort needs both --weak-table and --weak-images.");
        if (anyReal && WeakTable is null && Methods.Any(m => m != PretrainingMethod.None))
            throw new ArgumentException("Pretraining on real data needs a weakly labelled cohort (--weak-table, --weak-images), or --methods none.");
        if (!UsesRealData && BatchSize > WeakPatients)
            throw new ArgumentException($"--batch {BatchSize} is larger than the {WeakPatients} weakly labelled patients.");
    }

    private static int Integer(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result) && result >= minimum
            ? result
            : throw new ArgumentException($"{name} needs an integer of at least {minimum}, not '{value}'.");

    private static double Real(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double result) && double.IsFinite(result) && result > 0
            ? result
            : throw new ArgumentException($"{name} needs a positive number, not '{value}'.");

    // Unlike the other real-valued options, an error rate may be 0.
    private static double Probability(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double result) && result >= 0 && result <= 1
            ? result
            : throw new ArgumentException($"{name} needs a probability in [0, 1], not '{value}'.");

    private static EncoderArchitecture ParseEncoder(string value) => value.ToLowerInvariant() switch
    {
        "tinynet" => EncoderArchitecture.TinyNet,
        "resnet18" or "resnet-18" => EncoderArchitecture.ResNet18,
        _ => throw new ArgumentException($"--encoder must be tinynet or resnet18, not '{value}'."),
    };
}
