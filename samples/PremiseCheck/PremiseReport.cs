using System.Globalization;
using System.Text;
using Wsp.Core.IO;

namespace Wsp.Samples.PremiseCheck;

/// <summary>Writes premise.md, grade-classifier.csv and supcon-control.csv, each atomically.</summary>
public static class PremiseReport
{
    /// <summary>Writes the files into <paramref name="folder"/>.</summary>
    /// <param name="folder">Destination folder.</param>
    /// <param name="description">One line on the data and settings.</param>
    /// <param name="classifiers">The grade classifiers' results.</param>
    /// <param name="supCon">SupCon on the phantom and on the control.</param>
    /// <param name="suffix">Added to each file name (e.g. "-follow-up"); empty for the main check.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Write(string folder, string description, IReadOnlyList<GradeClassifierResult> classifiers, IReadOnlyList<SupConControlResult> supCon,
        string suffix = "")
    {
        ArgumentNullException.ThrowIfNull(classifiers);
        ArgumentNullException.ThrowIfNull(supCon);
        Directory.CreateDirectory(folder);
        var grades = new CsvText("augmentation", "learning_rate", "steps", "first_epoch_loss", "last_epoch_loss", "training_slice_accuracy",
            "slice_accuracy", "slice_balanced_accuracy", "liver_slice_accuracy", "other_slice_accuracy", "patient_accuracy", "liver_slices", "other_slices");
        foreach (GradeClassifierResult r in classifiers)
            grades.Row(r.Augmentation, r.LearningRate, r.Steps, r.FirstLoss, r.FinalLoss, r.TrainingSliceAccuracy, r.SliceAccuracy, r.SliceBalancedAccuracy,
                r.LiverSliceAccuracy, r.OtherSliceAccuracy, r.PatientAccuracy, r.LiverSlices, r.OtherSlices);
        string gradesPath = Path.Combine(folder, $"grade-classifier{suffix}.csv");
        grades.Write(gradesPath);
        var files = new List<string> { gradesPath };

        if (supCon.Count > 0)
        {
            var curves = new CsvText(["epoch", .. supCon.Select(s => s.Problem)]);
            for (int e = 0; e < supCon.Max(s => s.EpochLosses.Count); e++)
                curves.Row([e + 1, .. supCon.Select(s => e < s.EpochLosses.Count ? (object)s.EpochLosses[e] : null)]);
            string curvesPath = Path.Combine(folder, $"supcon-control{suffix}.csv");
            curves.Write(curvesPath);
            files.Add(curvesPath);
        }

        var text = new StringBuilder("# Premise check: can the slice encoder see the weak grade?\n\n").Append(description).Append("\n\n");
        text.Append("## A supervised classifier of the weak grade\n\n");
        text.Append("| augmentations | lr | steps | loss, first → last epoch | training slices | held-out slices | balanced | liver slices | other slices | held-out patients |\n");
        text.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (GradeClassifierResult r in classifiers)
            text.Append(Invariant($"| {r.Augmentation} | {r.LearningRate:G3} | {r.Steps} | {r.FirstLoss:F3} → {r.FinalLoss:F3} | {r.TrainingSliceAccuracy:F3} | {r.SliceAccuracy:F3} | {r.SliceBalancedAccuracy:F3} | {r.LiverSliceAccuracy:F3} ({r.LiverSlices}) | {r.OtherSliceAccuracy:F3} ({r.OtherSlices}) | {r.PatientAccuracy:F3} |\n"));
        text.Append("\nAccuracies of the three grades (chance: 1/3 balanced); slices scored without augmentation; a patient's grade from its slices' mean logits.\n\n");
        if (supCon.Count > 0)
            text.Append("## SupCon: phantom and a control where the grade is plainly visible\n\n| problem | N | log(2N - 1) | first epoch | lowest epoch | last epoch |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (SupConControlResult s in supCon)
            text.Append(Invariant($"| {s.Problem} | {s.BatchSize} | {s.CollapsedLoss:F3} | {s.EpochLosses[0]:F3} | {s.LowestLoss:F3} | {s.EpochLosses[^1]:F3} |\n"));
        string markdownPath = Path.Combine(folder, $"premise{suffix}.md");
        AtomicFile.WriteAllText(markdownPath, text.ToString());
        files.Insert(0, markdownPath);
        return files;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
