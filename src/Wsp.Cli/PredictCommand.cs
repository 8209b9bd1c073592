using System.CommandLine;
using System.Globalization;
using Wsp.Data.Nifti;
using Wsp.Data.Subjects;
using Wsp.Data.Volumes;
using Wsp.Models;

namespace Wsp.Cli;

/// <summary><c>wsp predict</c>: one or many volumes through a model, to CSV and JSON (and a picture per patient).</summary>
internal static class PredictCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("predict", "Predict patients with a model (--model, run by TorchSharp, or --onnx, run by ONNX Runtime): volumes given as files (--image), a folder (--folder) or a table (--table); writes predictions.csv, predictions.json and, with --png, a picture per patient.");
        var options = new OptionSet(command);
        var model = options.Optional("--model", "The model file (wsp fit); or give --onnx.");
        var onnx = options.Optional("--onnx", "An exported model (wsp export onnx), run by ONNX Runtime on the CPU instead of --model; the slicing still runs on TorchSharp.");
        var images = options.Many("--image", "A patient's NIfTI volume; repeat for several.");
        var labelMaps = options.Many("--label-map", "The organ label map of each --image, in the same order (models that select an organ's slices).");
        var folder = options.Optional("--folder", "Every .nii / .nii.gz volume of this folder; a file named <volume><suffix>.nii[.gz] beside <volume>.nii[.gz] is that volume's label map, not a patient (see --label-map-suffix).");
        var labelMapSuffix = options.Add("--label-map-suffix", "With --folder: the end of a label map's name before .nii or .nii.gz (wsp synth writes <id>_liver.nii.gz).", "_liver");
        var table = options.Optional("--table", "A subject table (plain format, or the authors' with --images): its files and label maps.");
        var tableImages = options.Optional("--images", "The image folder of a --table in the authors' format.");
        var target = options.Required<string>("--output", "The folder for predictions.csv, predictions.json and the pictures.");
        var png = options.Add("--png", "Also write png/<patient>.png: the evaluated slices with their probabilities and the decision.", false);
        var deviceName = options.Add("--device", "cpu, cuda or cuda:N.", "cpu");
        command.SetAction((result, cancellationToken) =>
        {
            Predictor.CheckOne(result.GetValue(model), result.GetValue(onnx));
            var inputs = Inputs(result.GetValue(images)!, result.GetValue(labelMaps)!, result.GetValue(folder), result.GetValue(labelMapSuffix)!, result.GetValue(table), result.GetValue(tableImages));
            using Predictor classifier = Predictor.Open(result.GetValue(model), result.GetValue(onnx), result.GetValue(deviceName)!);
            // FirstOrDefault of a tuple list gives a default tuple, not null: a found patient has an id.
            if (classifier.Preprocessing.NeedsLabelMap && inputs.FirstOrDefault(i => i.LabelMap is null) is { Id: not null } missing)
                throw new ArgumentException($"The model keeps the slices through an organ ({classifier.Preprocessing.Selection}): patient '{missing.Id}' ({missing.Image}) needs its label map (--label-map, or a table with label maps).");
            string outputFolder = result.GetValue(target)!;
            Directory.CreateDirectory(outputFolder);
            VolumeSlicer slicer = classifier.Preprocessing.CreateSlicer();
            var answers = new List<PatientClassification>();
            foreach (var (id, image, labelMap) in inputs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using SliceStack stack = slicer.Load(id, NiftiFile.Open(image), labelMap is null ? null : NiftiFile.Open(labelMap));
                PatientClassification answer = classifier.Predict(stack);
                answers.Add(answer);
                if (result.GetValue(png))
                {
                    Directory.CreateDirectory(Path.Combine(outputFolder, "png"));
                    SliceStrip.Save(Path.Combine(outputFolder, "png", FileNames.Safe(id) + ".png"), stack, answer);
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{answer.PatientId}: {answer.ClassName} (p = {answer.Probability:F4}, cut-off {answer.Threshold:F4})"));
            }
            PredictionWriter.Write(outputFolder, answers, classifier.Path, classifier.Runtime);
            EffectiveSettings.Write(outputFolder, "predict", options.Effective(result));
            output.WriteLine($"Wrote {answers.Count} predictions to {Path.Combine(outputFolder, "predictions.csv")} and predictions.json.");
            return Task.FromResult(0);
        });
        return command;
    }

    private static List<(string Id, string Image, string? LabelMap)> Inputs(string[] images, string[] labelMaps, string? folder, string labelMapSuffix, string? table, string? tableImages)
    {
        if (labelMaps.Length > 0 && labelMaps.Length != images.Length)
            throw new ArgumentException($"{labelMaps.Length} --label-map for {images.Length} --image: give one label map per image, in the same order.");
        var inputs = images.Select((image, i) => (PatientIds.FromPath(image), image, labelMaps.Length > 0 ? labelMaps[i] : (string?)null)).ToList();
        if (folder is not null)
        {
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"--folder {folder} does not exist.");
            inputs.AddRange(FolderVolumes(folder, labelMapSuffix));
        }
        if (table is not null)
        {
            SubjectTable subjects = tableImages is null ? SubjectTable.ReadPlainFormat(table) : SubjectTable.ReadAuthorsFormat(table, tableImages);
            subjects.EnsureFilesExist();
            inputs.AddRange(subjects.Subjects.Select(s => (s.Id, s.ImagePath, s.LabelMapPath)));
        }
        if (inputs.Count == 0)
            throw new ArgumentException("Nothing to predict: give --image, --folder or --table.");
        if (inputs.GroupBy(i => i.Item1, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"Patient '{twice.Key}' is given twice; patients need distinct names.");
        foreach (var input in inputs.Where(i => !File.Exists(i.Item2)))
            throw new FileNotFoundException($"Patient '{input.Item1}': no such image {input.Item2}.", input.Item2);
        return inputs;
    }

    // The volumes of a folder, each with its label map when <stem><suffix> sits beside <stem>: a label map is never read as a patient.
    private static IEnumerable<(string Id, string Image, string? LabelMap)> FolderVolumes(string folder, string labelMapSuffix)
    {
        var files = Directory.EnumerateFiles(folder).Where(f => Extension(f) is not null).Order(StringComparer.Ordinal).ToArray();
        var byStem = files.ToDictionary(f => Path.GetFileName(f)[..^Extension(f)!.Length], StringComparer.Ordinal);
        var labelMaps = labelMapSuffix.Length == 0 ? [] : byStem
            .Where(entry => entry.Key.EndsWith(labelMapSuffix, StringComparison.Ordinal) && byStem.ContainsKey(entry.Key[..^labelMapSuffix.Length]))
            .ToDictionary(entry => entry.Key[..^labelMapSuffix.Length], entry => entry.Value, StringComparer.Ordinal);
        var maps = labelMaps.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var (stem, file) in byStem.OrderBy(e => e.Key, StringComparer.Ordinal))
            if (!maps.Contains(file))
                yield return (PatientIds.FromPath(file), file, labelMaps.GetValueOrDefault(stem));
    }

    private static string? Extension(string path) =>
        path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) ? ".nii.gz" : path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) ? ".nii" : null;
}
