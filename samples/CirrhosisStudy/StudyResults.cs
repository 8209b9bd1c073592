using Wsp.Evaluation;
using Wsp.Training;

namespace Wsp.Samples.CirrhosisStudy;

/// <summary>The finished cells of the grid read back from their predictions, pooled over seeds per grid point.</summary>
/// <param name="Rows">Every method and protocol at every grid point that has a finished cell.</param>
/// <param name="Comparisons">WSP against each baseline at every such grid point.</param>
/// <param name="FinishedCells">The cells whose results were found.</param>
/// <param name="Cells">Every cell of the grid.</param>
public sealed record StudyResults(IReadOnlyList<StudyRow> Rows, IReadOnlyList<StudyComparison> Comparisons,
    IReadOnlyList<StudyCell> FinishedCells, IReadOnlyList<StudyCell> Cells)
{
    /// <summary>The baselines WSP is compared with, in table order.</summary>
    public static readonly IReadOnlyList<PretrainingMethod> Baselines = [PretrainingMethod.None, PretrainingMethod.SimClr, PretrainingMethod.SupCon, PretrainingMethod.YAware];

    private static readonly EvaluationProtocol[] Protocols = [EvaluationProtocol.LinearProbe, EvaluationProtocol.FineTuning];

    /// <summary>Reads the finished cells under <paramref name="runsDirectory"/> and pools them.</summary>
    /// <param name="runsDirectory">The folder with one sub-folder per finished cell (<see cref="StudyOptions.RunsDirectory"/>).</param>
    /// <param name="cells">The grid.</param>
    /// <param name="resamples">Bootstrap resamples of each interval.</param>
    public static StudyResults Read(string runsDirectory, IReadOnlyList<StudyCell> cells, int resamples = PatientBootstrap.DefaultResamples)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var finished = cells.Where(c => File.Exists(Path.Combine(runsDirectory, c.Name, "results.csv"))).ToArray();
        var predictions = new List<(StudyCell Cell, PretrainingMethod Method, EvaluationProtocol Protocol, SeedPredictions Seed)>();
        foreach (StudyCell cell in finished)
            foreach (PretrainingMethod method in PretrainingMethods.All)
                foreach (EvaluationProtocol protocol in Protocols)
                {
                    string path = Path.Combine(runsDirectory, cell.Name, "predictions", FileName(method, protocol));
                    if (File.Exists(path))
                        predictions.Add((cell, method, protocol, SeedPredictions.Read(path, cell.Seed)));
                }

        var rows = new List<StudyRow>();
        var comparisons = new List<StudyComparison>();
        foreach (var point in predictions.GroupBy(p => (p.Cell.WeakLabelNoise, p.Cell.Sigma, p.Protocol)).OrderBy(g => g.Key.Sigma).ThenBy(g => g.Key.WeakLabelNoise).ThenBy(g => g.Key.Protocol))
        {
            var byMethod = point.GroupBy(p => p.Method).ToDictionary(g => g.Key, g => g.Select(p => p.Seed).OrderBy(s => s.Seed).ToArray());
            foreach (PretrainingMethod method in PretrainingMethods.All.Where(byMethod.ContainsKey))
            {
                SeedPredictions[] seeds = byMethod[method];
                rows.Add(new StudyRow(point.Key.WeakLabelNoise, point.Key.Sigma, method.DisplayName(), point.Key.Protocol.DisplayName(), seeds,
                    SeedPooling.MeanAuc(seeds, resamples), SeedPooling.MeanBalancedAccuracy(seeds, resamples)));
            }
            if (!byMethod.TryGetValue(PretrainingMethod.Wsp, out SeedPredictions[]? wsp))
                continue;
            foreach (PretrainingMethod baseline in Baselines.Where(byMethod.ContainsKey))
            {
                var pairs = wsp.Join(byMethod[baseline], w => w.Seed, b => b.Seed, (w, b) => (w, b)).ToArray();
                comparisons.Add(new StudyComparison(point.Key.WeakLabelNoise, point.Key.Sigma, point.Key.Protocol.DisplayName(), baseline.DisplayName(),
                    SeedPooling.MeanDifference(pairs), pairs.Select(p => SeedPooling.PerSeed(p.w, p.b)).ToArray(), pairs.Select(p => p.w.Seed).ToArray()));
            }
        }
        return new StudyResults(rows, comparisons, finished, cells);
    }

    // The cirrhosis sample's name for a predictions file, e.g. "y-aware-linear-probe.csv".
    private static string FileName(PretrainingMethod method, EvaluationProtocol protocol) =>
        $"{method.DisplayName()}-{protocol.DisplayName()}".ToLowerInvariant().Replace(' ', '-') + ".csv";
}
