using System.Globalization;

namespace Wsp.Samples.CirrhosisStudy;

/// <summary>Settings of the study runner; every cell otherwise uses the cirrhosis sample's defaults.</summary>
public sealed class StudyOptions
{
    /// <summary>Folder of the cells' full outputs: generated cohorts, checkpoints, charts (large; not committed).</summary>
    public string OutputDirectory { get; set; } = "wsp-study";

    /// <summary>Folder of the cells' small files: results and per-patient predictions, one sub-folder per cell (committed).</summary>
    public string RunsDirectory { get; set; } = Path.Combine("docs", "study", "runs");

    /// <summary>Folder of the study's table (study.csv, study.md) and figure (study.png).</summary>
    public string ReportDirectory { get; set; } = Path.Combine("docs", "study");

    /// <summary>Whether each cell also evaluates by fine-tuning (the linear probe always runs).</summary>
    public bool FineTune { get; set; }

    /// <summary>Intra-op threads of libtorch; null: every core.</summary>
    public int? Threads { get; set; }

    /// <summary>The seeds to run; null: all of the grid's.</summary>
    public IReadOnlyList<int>? Seeds { get; set; }

    /// <summary>Whether to skip running and only write the report from the finished cells.</summary>
    public bool ReportOnly { get; set; }

    /// <summary>The command-line help.</summary>
    public const string Help = """
        Wsp cirrhosis study: the cirrhosis experiment over weak-reading error rates 0, 0.25 and 0.5 and seeds 1 to 5
        (plus the paper's sigma 0.85 for seed 1), then one table and one figure of patient AUC with 95 % intervals.
        Finished cells are kept; an interrupted cell resumes from its checkpoints.

          --output DIR      cells' full outputs: cohorts, checkpoints (wsp-study)
          --runs DIR        cells' results and predictions, one folder per cell (docs/study/runs)
          --report DIR      study.csv, study.md and study.png (docs/study)
          --protocols NAME  probe or both: linear probe only (probe), or also fine-tuning
          --seeds LIST      comma-separated seeds to run (1,2,3,4,5)
          --threads N       CPU threads (all cores)
          --report-only     write the report from the finished cells without running any
          --help            this text
        """;

    /// <summary>Parses command-line arguments.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The options, or null when help was asked for.</returns>
    /// <exception cref="ArgumentException">An unknown option or a malformed value; the message names it.</exception>
    public static StudyOptions? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new StudyOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name is "--help" or "-h")
                return null;
            if (name == "--report-only")
            {
                options.ReportOnly = true;
                continue;
            }
            if (i + 1 >= args.Count)
                throw new ArgumentException($"Option {name} needs a value.");
            string value = args[++i];
            switch (name)
            {
                case "--output": options.OutputDirectory = value; break;
                case "--runs": options.RunsDirectory = value; break;
                case "--report": options.ReportDirectory = value; break;
                case "--protocols": options.FineTune = value switch { "both" => true, "probe" => false, _ => throw new ArgumentException($"--protocols must be probe or both, not '{value}'.") }; break;
                case "--seeds": options.Seeds = value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Integer(name, s)).Distinct().ToArray(); break;
                case "--threads": options.Threads = Integer(name, value); break;
                default: throw new ArgumentException($"Unknown option {name}; see --help.");
            }
        }
        return options;
    }

    private static int Integer(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result) && result >= 1
            ? result
            : throw new ArgumentException($"{name} needs a positive integer, not '{value}'.");
}
