using Microsoft.Extensions.Logging.Abstractions;
using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Data.Subjects;
using Wsp.Data.Synthetic;
using Wsp.Data.Volumes;
using Wsp.Evaluation;
using Wsp.Losses;
using Wsp.Training;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

// The README's "Using the whole pipeline", verbatim between the markers, on a generated cohort written in the
// authors' table format: weak.csv (weak labels only) and histology.csv. Usage: PipelineTour [folder].
string folder = Path.GetFullPath(args.Length > 0 ? args[0] : "wsp-pipeline-tour");
WriteCohort(folder);
Environment.CurrentDirectory = folder;
var logger = NullLogger.Instance;
var progress = new Progress<TrainingProgress>(p => { if (p.Step == 1) Console.WriteLine($"epoch {p.Epoch}/{p.Epochs}, loss {p.Loss:F3}"); });
var cancellationToken = CancellationToken.None;

// README: begin
var slicer = new VolumeSlicer(new CentralFractionSelection(0.7), IntensityMapping.SoftTissueWindow, size: 64);
var weak = new SliceCohort(SubjectTable.ReadAuthorsFormat("weak.csv", "weak/"), slicer);
var histology = new SliceCohort(SubjectTable.ReadAuthorsFormat("histology.csv", "histology/"), slicer);
Device device = TrainingDevice.Resolve();                                   // CUDA when available
SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions(), seed: 1, device);

var training = new ContrastiveBatchStream(weak.Loader,
    new PatientBatchSampler(weak.Loader.WeakLabels, weak.SliceCounts, batchSize: 64, seed: 1), device, seed: 1);
var validation = new ContrastiveBatchStream(histology.Loader,
    new PatientBatchSampler(histology.Loader.WeakLabels, histology.SliceCounts, batchSize: 64, seed: 1), device, seed: 1);
var options = new PretrainingOptions { Epochs = 80, LearningRate = 3e-4, CheckpointDirectory = "checkpoints/wsp", TensorBoardDirectory = "tensorboard/wsp" };
using var trainer = new ContrastivePretrainer(encoder, new WeaklySupervisedPositionalLoss(sigma: 0.1), options, logger);
await trainer.TrainAsync(epoch => training.Epoch(epoch), _ => validation.Validation(), progress, cancellationToken);

var evaluation = new CrossValidationRunner(histology, new CrossValidationOptions { Folds = 5, Seed = 1 });
CrossValidationResult probe = await evaluation.LinearProbeAsync(encoder);      // logistic regression on patient means
CrossValidationResult fineTuned = await evaluation.FineTuneAsync(encoder);     // a copy of the encoder, fine-tuned per fold
Console.WriteLine($"AUC {probe.Summary.AucMean:F3} ± {probe.Summary.AucStd:F3}");
// README: end
Console.WriteLine($"fine-tuning AUC {fineTuned.Summary.AucMean:F3} ± {fineTuned.Summary.AucStd:F3}");
encoder.Dispose();

// The synthetic cohort's volumes, split into the two tables and image folders the snippet reads.
static void WriteCohort(string folder)
{
    SyntheticCohort cohort = SyntheticCohortGenerator.Generate(Path.Combine(folder, "generated"), new SyntheticCohortOptions { Seed = 1 });
    string[] lines = File.ReadAllLines(cohort.AuthorsCsvPath);
    foreach (var (name, histologyRows) in new[] { ("weak", false), ("histology", true) })
    {
        string images = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        var rows = lines.Skip(1).Where(l => l.EndsWith(',') != histologyRows).ToArray();
        foreach (string row in rows)
        {
            string id = row.Split(',')[1];
            File.Copy(Path.Combine(cohort.Folder, id), Path.Combine(images, id), overwrite: true);
        }
        File.WriteAllLines(Path.Combine(folder, name + ".csv"), lines.Take(1).Concat(rows));
    }
}
