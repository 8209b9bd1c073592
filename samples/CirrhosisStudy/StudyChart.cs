using System.Globalization;
using ScottPlot;
using Wsp.Core.IO;

namespace Wsp.Samples.CirrhosisStudy;

/// <summary>The study's figure: patient AUC (mean over seeds, 95 % interval) against the weak reading's error rate, one line per method.</summary>
public static class StudyChart
{
    /// <summary>Draws the rows of one sigma and one protocol and writes the PNG atomically.</summary>
    /// <param name="path">Destination.</param>
    /// <param name="rows">The rows to draw (one per method and error rate).</param>
    /// <exception cref="ArgumentException">No row is given, or the rows are of several protocols.</exception>
    public static void Write(string path, IReadOnlyList<StudyRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
            throw new ArgumentException("No finished cell to draw.", nameof(rows));
        string[] protocols = rows.Select(r => r.Protocol).Distinct().ToArray();
        if (protocols.Length > 1)
            throw new ArgumentException($"The rows are of {protocols.Length} protocols; the figure draws one.", nameof(rows));
        var plot = new Plot();
        string[] methods = rows.Select(r => r.Method).Distinct().ToArray();
        for (int p = 0; p < protocols.Length; p++)
        {
            for (int m = 0; m < methods.Length; m++)
            {
                var line = rows.Where(r => r.Protocol == protocols[p] && r.Method == methods[m]).OrderBy(r => r.ErrorRate).ToArray();
                if (line.Length == 0)
                    continue;
                // Small offsets keep the methods' intervals apart at each error rate.
                double offset = (m - (methods.Length - 1) / 2.0) * 0.012;
                double[] xs = line.Select(r => r.ErrorRate + offset).ToArray();
                Color color = Palette(m);
                var scatter = plot.Add.Scatter(xs, line.Select(r => r.Auc.Estimate).ToArray(), color);
                scatter.LineWidth = 2;
                scatter.MarkerSize = 7;
                scatter.LegendText = methods[m];
                for (int i = 0; i < line.Length; i++)
                {
                    var interval = plot.Add.Line(xs[i], line[i].Auc.Lower, xs[i], line[i].Auc.Upper);
                    interval.LineColor = color;
                    interval.LineWidth = 1.5f;
                }
            }
            int[] seeds = rows.Where(r => r.Protocol == protocols[p]).SelectMany(r => r.Seeds.Select(s => s.Seed)).Distinct().Order().ToArray();
            plot.Title(string.Create(CultureInfo.InvariantCulture, $"{protocols[p]}: patient AUC, mean over seeds {string.Join(',', seeds)}, 95 % CI"), size: 14);
            plot.XLabel("Weak reading's error rate");
            plot.YLabel("Patient AUC");
            plot.Axes.SetLimitsX(-0.06, 0.56);
            plot.ShowLegend(Alignment.LowerLeft);
        }
        AtomicFile.Write(path, temporary => plot.SavePng(temporary, 900, 600), ".png");
    }

    private static Color Palette(int index) => new ScottPlot.Palettes.Category10().GetColor(index);
}
