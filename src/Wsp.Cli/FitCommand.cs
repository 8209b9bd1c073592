using System.CommandLine;
using System.Globalization;
using Wsp.Data.Loading;
using Wsp.Data.Subjects;
using Wsp.Evaluation;
using Wsp.Models;
using Wsp.Training;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Cli;

/// <summary><c>wsp fit</c>: the final patient classifier from a pretrained encoder and the subjects with a strong label.</summary>
internal static class FitCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("fit", "Fit the final model on every subject with a strong (histology) label: a linear probe or fine-tuning of the pretrained encoder, with the Youden cut-off on those subjects; writes one model file.");
        var options = new OptionSet(command);
        var pretrained = options.Required<string>("--pretrained", "The folder wsp pretrain wrote, or 'none' for a randomly initialised encoder (the no-pretraining baseline).");
        CohortInput cohortInput = CohortInput.AddTo(options, "the labelled subjects");
        var model = options.Required<string>("--output", "The model file to write (e.g. cirrhosis.wspmodel).");
        var protocol = options.Add("--protocol", "probe (logistic regression on frozen patient representations) or finetune.", "probe");
        var slices = options.Add("--slices-per-patient", "Evenly spread slices per patient whose outputs make the patient's; 0 for all.", 16);
        var epochs = options.Add("--finetune-epochs", "Fine-tuning epochs.", 8);
        var classNames = options.Add("--class-names", "Names of class 0 and class 1, comma-separated.", "no cirrhosis,cirrhosis");
        SlicingOptions slicing = SlicingOptions.AddTo(options);
        var seed = options.Add("--seed", "Seed of fine-tuning (and of the random encoder with --pretrained none).", 1);
        var deviceName = options.Add("--device", "cpu, cuda or cuda:N.", "cpu");
        command.SetAction(async (result, cancellationToken) =>
        {
            Device device = TrainingDevice.Resolve(result.GetValue(deviceName));
            string source = result.GetValue(pretrained)!;
            string[] names = result.GetValue(classNames)!.Split(',', StringSplitOptions.TrimEntries);
            if (names.Length != 2 || names.Any(string.IsNullOrEmpty))
                throw new ArgumentException($"--class-names needs two comma-separated names, not '{result.GetValue(classNames)}'.");
            bool fineTune = result.GetValue(protocol) switch
            {
                "probe" => false,
                "finetune" => true,
                var other => throw new ArgumentException($"--protocol must be probe or finetune, not '{other}'."),
            };
            (SliceEncoder encoder, string method, IReadOnlyDictionary<string, string> settings, ModelPreprocessing? recorded) = Open(source, result.GetValue(seed), device);
            using (encoder)
            {
                // The slices must be made as at pretraining: the recorded slicing wins over the slicing options.
                var slicer = recorded?.CreateSlicer() ?? slicing.Create(result);
                SubjectTable table = cohortInput.Read(result);
                var labelled = new SubjectTable(table.Subjects.Where(s => s.StrongLabel is not null), $"{table.Source} (subjects with a strong label)");
                if (labelled.Subjects.Count == 0)
                    throw new InvalidDataException($"{table.Source}: no subject has a strong label to fit on.");
                var cohort = new SliceCohort(labelled, slicer, cancellationToken: cancellationToken);
                var fitOptions = new PatientClassifierOptions
                {
                    SlicesPerPatient = PretrainCommand.AtLeast(result.GetValue(slices), 0, "--slices-per-patient"),
                    FineTuneEpochs = PretrainCommand.AtLeast(result.GetValue(epochs), 1, "--finetune-epochs"),
                    Seed = result.GetValue(seed),
                    ClassNames = names,
                    PretrainingMethod = method,
                    PretrainingSettings = settings,
                };
                using PatientClassifier classifier = fineTune
                    ? await PatientClassifierFitter.FitFineTunedAsync(encoder, cohort, fitOptions, cancellationToken).ConfigureAwait(false)
                    : await PatientClassifierFitter.FitLinearProbeAsync(encoder, cohort, fitOptions, cancellationToken).ConfigureAwait(false);
                string path = result.GetValue(model)!;
                classifier.Save(path);
                EffectiveSettings.Write(Path.GetDirectoryName(Path.GetFullPath(path))!, "fit", options.Effective(result));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Fitted a {classifier.Protocol.DisplayName()} model on {classifier.Fit.Patients} patients ({classifier.Fit.Positives} positive): cut-off {classifier.Threshold:F4}, training AUC {classifier.Fit.TrainingAuc:F3} (in-sample, optimistic). Wrote {path}."));
            }
            return 0;
        });
        return command;
    }

    private static (SliceEncoder, string, IReadOnlyDictionary<string, string>, ModelPreprocessing?) Open(string source, int seed, Device device)
    {
        if (source == "none")
            return (EncoderFactory.Create(new EncoderOptions(), seed, device), PretrainingMethod.None.ToString(),
                new Dictionary<string, string> { ["seed"] = seed.ToString(CultureInfo.InvariantCulture) }, null);
        var (encoder, description) = PretrainedEncoderFile.Read(source, device);
        return (encoder, description.Method, description.Settings, ModelPreprocessing.FromMetadata(description.Slicing));
    }
}
