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

/// <summary>
/// <c>wsp compare</c>: the cirrhosis sample's comparison on the user's table. Each method pretrains on the subjects
/// without a strong label (every method from the same seeded weights, with checkpoints per method, so a rerun
/// resumes) and is evaluated on the subjects with one by stratified k-fold cross-validation: linear probe, and
/// fine-tuning with <c>--protocols both</c>. The table gives every method's pooled AUC and balanced accuracy with
/// 95 % bootstrap intervals and its AUC difference from no pretraining and from the best other baseline with
/// DeLong's test (<see cref="ComparisonTable"/>).
/// </summary>
internal static class CompareCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("compare", "Compare pretraining methods on a table: pretrain each on the subjects without a strong label, cross-validate on those with one; writes results.csv, results.md and every patient's predictions.");
        var options = new OptionSet(command);
        CohortInput cohortInput = CohortInput.AddTo(options, "the cohort (weakly labelled subjects to pretrain on, subjects with a strong label to evaluate on)");
        var folder = options.Required<string>("--output", "The folder for the results, each method's checkpoints and TensorBoard logs.");
        var methods = options.Add("--methods", "Comma-separated: none, simclr, supcon, yaware, wsp.", "none,simclr,supcon,yaware,wsp");
        var protocols = options.Add("--protocols", "probe (linear probe) or both (also fine-tuning).", "probe");
        PretrainingInput training = PretrainingInput.AddTo(options);
        var slicing = SlicingOptions.AddTo(options);
        var folds = options.Add("--folds", "Cross-validation folds.", 5);
        var evaluationSlices = options.Add("--eval-slices", "Evenly spread slices per patient for its prediction; 0 for all.", 16);
        var fineTuneEpochs = options.Add("--finetune-epochs", "Fine-tuning epochs per fold.", 8);
        command.SetAction(async (result, cancellationToken) =>
        {
            PretrainingMethod[] chosen = result.GetValue(methods)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(PretrainingMethods.Parse).Distinct().Order().ToArray();
            if (chosen.Length == 0)
                throw new ArgumentException("--methods names no method.");
            bool fineTune = result.GetValue(protocols) switch
            {
                "probe" => false,
                "both" => true,
                var other => throw new ArgumentException($"--protocols must be probe or both, not '{other}'."),
            };
            double sigmaValue = training.Sigma(result);
            MethodPretraining pretraining = training.Create(result);
            int seedValue = pretraining.Seed;
            var slicer = slicing.Create(result);
            SubjectTable table = cohortInput.Read(result);
            var labelled = new SubjectTable(table.Subjects.Where(s => s.StrongLabel is not null), $"{table.Source} (subjects with a strong label)");
            if (labelled.Subjects.Count == 0)
                throw new InvalidDataException($"{table.Source}: no subject has a strong label to evaluate on.");
            SubjectTable? weak = chosen.Any(m => m != PretrainingMethod.None)
                ? PretrainCommand.PretrainingSubjects(table, includeLabelled: false, chosen.Where(m => m is PretrainingMethod.SupCon or PretrainingMethod.Wsp).Select(m => m.DisplayName()).FirstOrDefault())
                : null;
            if (weak is not null && weak.Subjects.Count < pretraining.BatchSize)
                throw new ArgumentException($"--batch {pretraining.BatchSize} is larger than the {weak.Subjects.Count} pretraining subjects of {table.Source}.");

            string target = result.GetValue(folder)!;
            EffectiveSettings.Write(target, "compare", options.Effective(result));
            var histology = new SliceCohort(labelled, slicer, cancellationToken: cancellationToken);
            SliceCohort? weakCohort = weak is null ? null : new SliceCohort(weak, slicer, cancellationToken: cancellationToken);
            var evaluation = new CrossValidationRunner(histology, new CrossValidationOptions
            {
                Folds = PretrainCommand.AtLeast(result.GetValue(folds), 2, "--folds"),
                Seed = seedValue,
                EvaluationSlicesPerPatient = PretrainCommand.AtLeast(result.GetValue(evaluationSlices), 0, "--eval-slices"),
                FineTuneEpochs = PretrainCommand.AtLeast(result.GetValue(fineTuneEpochs), 1, "--finetune-epochs"),
            });
            var settings = new Dictionary<string, string>(new ModelPreprocessing(slicer, slicesPerPatient: 0).ToMetadata()) { ["subjects"] = weak?.Source ?? "" };
            var runs = new List<(string Method, CrossValidationResult Result)>();
            foreach (PretrainingMethod method in chosen)
            {
                using var loss = method.CreateLoss(sigmaValue);
                SliceEncoder encoder = loss is null
                    ? EncoderFactory.Create(new EncoderOptions { Architecture = pretraining.Architecture }, seedValue, pretraining.Device)
                    : (await pretraining.RunAsync(output, $"Pretraining {method.DisplayName()}", weakCohort!, loss, Path.Combine(target, "methods", method.ToString().ToLowerInvariant()),
                        new Dictionary<string, string>(settings) { ["method"] = method.ToString() }, cancellationToken).ConfigureAwait(false)).Encoder;
                using (encoder)
                {
                    output.WriteLine($"Evaluating {method.DisplayName()} by linear probe ({evaluation.Folds.Count} folds)");
                    runs.Add((method.DisplayName(), await evaluation.LinearProbeAsync(encoder, cancellationToken).ConfigureAwait(false)));
                    if (fineTune)
                    {
                        output.WriteLine($"Evaluating {method.DisplayName()} by fine-tuning ({evaluation.Folds.Count} folds)");
                        runs.Add((method.DisplayName(), await evaluation.FineTuneAsync(encoder, progress: null, cancellationToken).ConfigureAwait(false)));
                    }
                }
            }
            var rows = ComparisonTable.Compute(runs, seedValue);
            ComparisonTable.Write(target, rows, runs);
            output.Write(ComparisonTable.ToMarkdown(rows));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Compared {chosen.Length} methods on {labelled.Subjects.Count} patients; results in {target}."));
            return 0;
        });
        return command;
    }
}
