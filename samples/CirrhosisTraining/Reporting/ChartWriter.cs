using System.Globalization;
using ScottPlot;
using Wsp.Evaluation;
using Wsp.Core.IO;

namespace Wsp.Samples.CirrhosisTraining.Reporting;

/// <summary>PNG charts of the cirrhosis experiment: ROC curves per method and training curves; files are written atomically.</summary>
public static class ChartWriter
{
    /// <summary>
    /// One ROC curve per method evaluated under <paramref name="evaluation"/>, drawn from the test predictions of
    /// all folds pooled together, with the folds' AUC mean ± std in the legend and the chance diagonal.
    /// </summary>
    /// <param name="path">Destination PNG; replaced atomically.</param>
    /// <param name="results">The results; those of other evaluations are ignored.</param>
    /// <param name="evaluation">The protocol whose results are drawn.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <exception cref="ArgumentException">No result has that evaluation, or a method's pooled test patients lack a class.</exception>
    public static void WriteRocCurves(string path, IReadOnlyList<MethodResult> results, EvaluationProtocol evaluation, int width = 700, int height = 700)
    {
        ArgumentNullException.ThrowIfNull(results);
        var selected = results.Where(r => r.Evaluation == evaluation).ToArray();
        if (selected.Length == 0)
            throw new ArgumentException($"No result is evaluated by '{evaluation.DisplayName()}'.", nameof(evaluation));

        var plot = new Plot();
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LineColor = Colors.Gray;
        chance.LinePattern = LinePattern.Dashed;
        chance.LegendText = "chance";
        for (int i = 0; i < selected.Length; i++)
        {
            MethodResult result = selected[i];
            var test = result.Predictions.Where(p => p.IsTest).ToArray();
            RocCurve curve = BinaryMetrics.RocCurve(test.Select(p => p.Label).ToArray(), test.Select(p => p.Probability).ToArray());
            var line = plot.Add.Scatter(curve.FalsePositiveRates.ToArray(), curve.TruePositiveRates.ToArray(), Palette(i));
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = string.Create(CultureInfo.InvariantCulture,
                $"{result.MethodName}: AUC {result.Summary.AucMean:F3} ± {result.Summary.AucStd:F3}");
        }
        plot.Title($"ROC curves, {evaluation.DisplayName()}\ntest patients of all folds pooled; AUC: mean ± std over folds", size: 16);
        plot.XLabel("False-positive rate (1 - specificity)");
        plot.YLabel("True-positive rate (sensitivity)");
        // A small margin keeps the curves' runs along FPR = 0 and TPR = 1 visible instead of under the frame.
        plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.1);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.1);
        plot.ShowLegend(Alignment.LowerRight);
        plot.Legend.FontSize = 13;
        Save(plot, path, width, height);
    }

    /// <summary>
    /// Loss against epoch (1-based), one colour per method: training losses as solid lines, validation losses as
    /// dashed lines of the same colour.
    /// </summary>
    /// <param name="path">Destination PNG; replaced atomically.</param>
    /// <param name="trainingLosses">Per method, the mean training loss of each epoch.</param>
    /// <param name="validationLosses">Per method, the validation loss of each epoch, if measured.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <exception cref="ArgumentException">No loss is given, or a loss is not finite.</exception>
    public static void WriteLossCurves(string path, IReadOnlyDictionary<string, IReadOnlyList<double>> trainingLosses,
        IReadOnlyDictionary<string, IReadOnlyList<double>>? validationLosses = null, int width = 900, int height = 600)
    {
        ArgumentNullException.ThrowIfNull(trainingLosses);
        validationLosses ??= new Dictionary<string, IReadOnlyList<double>>();
        var methods = trainingLosses.Keys.Concat(validationLosses.Keys).Distinct(StringComparer.Ordinal).ToArray();
        if (methods.Length == 0)
            throw new ArgumentException("No loss curve to draw.", nameof(trainingLosses));

        var plot = new Plot();
        for (int i = 0; i < methods.Length; i++)
        {
            // One colour per method, so that its training and validation curves pair up.
            if (trainingLosses.TryGetValue(methods[i], out var training))
                AddLossLine(plot, training, $"{methods[i]} (training)", Palette(i), LinePattern.Solid, nameof(trainingLosses));
            if (validationLosses.TryGetValue(methods[i], out var validation))
                AddLossLine(plot, validation, $"{methods[i]} (validation)", Palette(i), LinePattern.Dashed, nameof(validationLosses));
        }
        plot.Title(validationLosses.Count == 0 ? "Training loss" : "Training (solid) and validation (dashed) loss");
        plot.XLabel("Epoch");
        plot.YLabel("Loss");
        plot.Axes.AutoScale();
        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.FontSize = 13;
        Save(plot, path, width, height);
    }

    private static void AddLossLine(Plot plot, IReadOnlyList<double> losses, string label, Color color, LinePattern pattern, string parameter)
    {
        ArgumentNullException.ThrowIfNull(losses, parameter);
        int bad = losses.ToList().FindIndex(l => !double.IsFinite(l));
        if (bad >= 0)
            throw new ArgumentException($"{label}: the loss of epoch {bad + 1} is {losses[bad]}; losses must be finite.", parameter);
        if (losses.Count == 0)
            return;
        double[] epochs = Enumerable.Range(1, losses.Count).Select(e => (double)e).ToArray();
        var line = plot.Add.Scatter(epochs, losses.ToArray(), color);
        line.LinePattern = pattern;
        line.LineWidth = 2;
        // Markers only when there are few epochs; otherwise they clutter the line.
        line.MarkerSize = losses.Count <= 30 ? 5 : 0;
        line.LegendText = label;
    }

    // Category10 is distinguishable for the handful of methods compared here, and its order is stable across charts.
    private static Color Palette(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    private static void Save(Plot plot, string path, int width, int height)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        // ScottPlot may pick the format from the extension, so the temporary name ends in .png too.
        AtomicFile.Write(path, temporary => plot.SavePng(temporary, width, height), temporaryExtension: ".png");
    }
}
