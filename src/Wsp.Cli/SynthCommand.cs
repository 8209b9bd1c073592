using System.CommandLine;
using Wsp.Data.Synthetic;

namespace Wsp.Cli;

/// <summary><c>wsp synth</c>: writes the synthetic cirrhosis cohort (volumes, liver label maps, both table formats).</summary>
internal static class SynthCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("synth", "Write the synthetic cohort: CT-like volumes with liver label maps, a weak radiological grade per patient, histology for some, in the plain table (cohort.csv) and the authors' (dataframe.csv).");
        var options = new OptionSet(command);
        var folder = options.Required<string>("--output", "The folder to write the cohort to.");
        var seed = options.Add("--seed", "Seed of the generator.", 1);
        var weak = options.Add("--weak-patients", "Patients with a weak label only.", 220);
        var histology = options.Add("--histology-patients", "Patients with histology (and a weak label).", 80);
        var width = options.Add("--width", "Voxels per row.", 128);
        var height = options.Add("--height", "Voxels per column.", 128);
        var slices = options.Add("--slices", "Axial slices per volume.", 48);
        var noise = options.Add("--weak-noise", "Probability that the weak reading is moved to a neighbouring grade.", 0.25);
        command.SetAction((result, cancellationToken) =>
        {
            var settings = new SyntheticCohortOptions
            {
                Seed = result.GetValue(seed),
                WeakPatients = result.GetValue(weak),
                HistologyPatients = result.GetValue(histology),
                Width = result.GetValue(width),
                Height = result.GetValue(height),
                Slices = result.GetValue(slices),
                WeakLabelNoise = result.GetValue(noise),
            };
            settings.Validate();
            string target = result.GetValue(folder)!;
            SyntheticCohort cohort = SyntheticCohortGenerator.Generate(target, settings, cancellationToken: cancellationToken);
            EffectiveSettings.Write(target, "synth", options.Effective(result));
            output.WriteLine($"Wrote {cohort.Patients.Count} patients to {cohort.Folder}: tables {cohort.PlainCsvPath} (plain) and {cohort.AuthorsCsvPath} (authors' format).");
            return Task.FromResult(0);
        });
        return command;
    }
}
