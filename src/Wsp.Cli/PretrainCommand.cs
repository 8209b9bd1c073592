using System.CommandLine;
using System.Globalization;
using Wsp.Core;
using Wsp.Core.Kernels;
using Wsp.Data.Loading;
using Wsp.Losses;
using Wsp.Data.Sampling;
using Wsp.Data.Subjects;
using Wsp.Models;
using Wsp.Training;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Cli;

/// <summary>
/// <c>wsp pretrain</c>: pretrains one encoder with one method on the weakly labelled subjects of a table, with a
/// checkpoint after every epoch (a rerun of the same command resumes, after Ctrl+C too) and TensorBoard logs.
/// </summary>
internal static class PretrainCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("pretrain", "Pretrain a slice encoder with one contrastive method on the weakly labelled subjects; writes encoder.bin and encoder.json for wsp fit. Rerun the same command to resume.");
        var options = new OptionSet(command);
        CohortInput cohortInput = CohortInput.AddTo(options, "the pretraining subjects");
        var folder = options.Required<string>("--output", "The folder for the encoder, its checkpoints and TensorBoard logs.");
        var method = options.Optional("--method", "simclr, supcon, yaware or wsp (or give --kernel).");
        var kernel = options.Optional("--kernel", "Instead of --method, the kernel of a kernel contrastive loss, e.g. \"dirac(weak) * gaussian(position, 0.1)\" (WSP's): factors dirac, gaussian, laplacian, box, exponential, gradedistance, sample over weak, position or a covariate.");
        var includeLabelled = options.Add("--include-labelled", "Also pretrain on subjects that have a strong (histology) label; by default they are left for wsp fit.", false);
        PretrainingInput training = PretrainingInput.AddTo(options);
        SlicingOptions slicing = SlicingOptions.AddTo(options);
        command.SetAction(async (result, cancellationToken) =>
        {
            var (loss, methodName, displayName, needsWeakLabels) = Loss(result.GetValue(method), result.GetValue(kernel), training.Sigma(result));
            using var disposeLoss = loss;
            MethodPretraining pretraining = training.Create(result);
            var slicer = slicing.Create(result);
            SubjectTable table = cohortInput.Read(result);
            SubjectTable subjects = PretrainingSubjects(table, result.GetValue(includeLabelled), needsWeakLabels ? displayName : null);
            if (subjects.Subjects.Count < pretraining.BatchSize)
                throw new ArgumentException($"--batch {pretraining.BatchSize} is larger than the {subjects.Subjects.Count} pretraining subjects of {table.Source}.");

            string target = result.GetValue(folder)!;
            var cohort = new SliceCohort(subjects, slicer, cancellationToken: cancellationToken);
            var slicingRecord = new ModelPreprocessing(slicer, slicesPerPatient: 0);
            var settings = new Dictionary<string, string>(slicingRecord.ToMetadata())
            {
                ["method"] = methodName,
                ["subjects"] = subjects.Source,
            };
            EffectiveSettings.Write(target, "pretrain", options.Effective(result));
            var (encoder, recorded, losses) = await pretraining.RunAsync(output, $"Pretraining {displayName}", cohort, loss, target, settings, cancellationToken).ConfigureAwait(false);
            using (encoder)
                PretrainedEncoderFile.Write(target, encoder, methodName, recorded, slicingRecord);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Pretrained {displayName} on {subjects.Subjects.Count} subjects for {pretraining.Epochs} epochs (final loss {losses[^1]:F4}); encoder in {target}."));
            return 0;
        });
        return command;
    }

    // The loss of --method or --kernel (exactly one), its names for the records and for people, and whether it reads weak labels.
    private static (ContrastiveLoss Loss, string Record, string Display, bool NeedsWeakLabels) Loss(string? method, string? kernel, double sigma)
    {
        if ((method is null) == (kernel is null))
            throw new ArgumentException("Give either --method or --kernel.");
        if (kernel is not null)
        {
            IKernel parsed;
            try
            {
                parsed = KernelExpression.Parse(kernel);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"--kernel: {e.Message}", e);
            }
            return (new KernelContrastiveLoss(parsed), $"Kernel {parsed}", $"kernel {parsed}", parsed.Attributes.Contains(SliceAttribute.WeakLabel));
        }
        PretrainingMethod chosen = PretrainingMethods.Parse(method!);
        ContrastiveLoss loss = chosen.CreateLoss(Positive(sigma, "--sigma"))
            ?? throw new ArgumentException("--method none has nothing to pretrain: fit a model on a randomly initialised encoder with wsp fit --pretrained none.");
        return (loss, chosen.ToString(), chosen.DisplayName(), chosen is PretrainingMethod.SupCon or PretrainingMethod.Wsp);
    }

    /// <summary>The subjects without a strong label (all with <paramref name="includeLabelled"/>); each must have a weak label when <paramref name="weakLabelUser"/> names the loss that reads it.</summary>
    internal static SubjectTable PretrainingSubjects(SubjectTable table, bool includeLabelled, string? weakLabelUser)
    {
        var kept = table.Subjects.Where(s => includeLabelled || s.StrongLabel is null).ToArray();
        if (kept.Length == 0)
            throw new InvalidDataException($"{table.Source}: no subject without a strong label is left to pretrain on; pass --include-labelled to use them all.");
        if (weakLabelUser is not null && kept.FirstOrDefault(s => s.WeakLabel is null) is { } unlabelled)
            throw new InvalidDataException($"{table.Source}: subject '{unlabelled.Id}' has no weak label, which {weakLabelUser} needs.");
        return new SubjectTable(kept, includeLabelled ? table.Source : $"{table.Source} (subjects without a strong label)");
    }

    internal static int AtLeast(int value, int minimum, string name) =>
        value >= minimum ? value : throw new ArgumentException($"{name} must be at least {minimum}, not {value}.");

    internal static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new ArgumentException($"{name} must be a positive number, not {value.ToString(CultureInfo.InvariantCulture)}.");
}
