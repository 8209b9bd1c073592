using System.Diagnostics;
using System.Globalization;
using Wsp.Samples.PremiseCheck;
using Wsp.Training;
using static TorchSharp.torch;

// Issue 11's premise check: can the pretraining's encoder see the weak grade, under which augmentations, and does
// SupCon's loss fall when the grade is plainly visible? Options: --output DIR (docs/study/premise), --work DIR
// (wsp-premise), --steps N (300), --seed N (1), --threads N (all cores). --follow-up instead trains the classifier
// with all augmentations for four times the steps (is the collapse a matter of training length?) and writes the
// *-follow-up files.
string output = Path.Combine("docs", "study", "premise"), work = "wsp-premise";
int steps = 300, seed = 1;
int? threads = null;
bool followUp = args.Contains("--follow-up");
args = args.Where(a => a != "--follow-up").ToArray();
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--output": output = args[i + 1]; break;
        case "--work": work = args[i + 1]; break;
        case "--steps": steps = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}.");
            return 2;
    }
}
if (args.Length % 2 != 0)
{
    Console.Error.WriteLine($"Option {args[^1]} needs a value.");
    return 2;
}
if (threads is { } t)
    set_num_threads(t);

const int BatchSize = 64;
const double NoReadingError = 0;
var clock = Stopwatch.StartNew();
Device device = TrainingDevice.Resolve();
PremiseCohort cohort = PremiseCohort.Create(Path.Combine(work, "cohort"), seed, NoReadingError);
Console.WriteLine($"{cohort.Training.Subjects.Count} training and {cohort.Test.Subjects.Count} held-out patients ({clock.Elapsed.TotalSeconds:F0} s)");

var experiment = new GradeClassifierExperiment(cohort, device, seed);
var classifiers = new List<GradeClassifierResult>();
var runs = followUp
    ? [(AugmentationSetting.All[1], 3e-4, 4 * steps)]
    : AugmentationSetting.All.Select(a => (a, 3e-4, steps)).Concat([(AugmentationSetting.All[0], 1e-3, steps), (AugmentationSetting.All[1], 1e-3, steps)]);
foreach (var (augmentation, learningRate, runSteps) in runs)
{
    GradeClassifierResult result = await experiment.RunAsync(augmentation, learningRate, runSteps, BatchSize);
    classifiers.Add(result);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{augmentation.Name}, lr {learningRate:G3}: loss {result.FirstLoss:F3} -> {result.FinalLoss:F3}, training slices {result.TrainingSliceAccuracy:F3}, held-out slices {result.SliceAccuracy:F3} (liver {result.LiverSliceAccuracy:F3}, other {result.OtherSliceAccuracy:F3}), patients {result.PatientAccuracy:F3} ({clock.Elapsed.TotalMinutes:F1} min)"));
}

var control = new SupConControl(cohort, device, seed);
var supCon = new List<SupConControlResult>();
foreach (bool visible in followUp ? [] : new[] { true, false })
{
    SupConControlResult result = await control.RunAsync(visible, epochs: 80, BatchSize, learningRate: 3e-4);
    supCon.Add(result);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"SupCon, {result.Problem}: first epoch {result.EpochLosses[0]:F3}, lowest {result.LowestLoss:F3}, last {result.EpochLosses[^1]:F3}; collapsed {result.CollapsedLoss:F3} ({clock.Elapsed.TotalMinutes:F1} min)"));
}

string description = string.Create(CultureInfo.InvariantCulture,
    $"The main job's synthetic cohort (seed {seed}) with no weak-reading error, so that the weak label is the grade the phantom draws: {cohort.Training.Subjects.Count} weakly labelled patients to train on and {cohort.Test.Subjects.Count} held out (stratified by grade). TinyNet at 64 px, seeded as pretraining; batches of {BatchSize} patients, one slice each, class-balanced, from the pretraining's sampler and augmenter; Adam at a constant learning rate. SupCon: the main job's pretraining (80 epochs, lr 3e-4 cosine, batch {BatchSize}) on all 220 weakly labelled patients. {clock.Elapsed.TotalMinutes:F1} min on {Environment.ProcessorCount} cores.");
foreach (string file in PremiseReport.Write(output, description, classifiers, supCon, followUp ? "-follow-up" : ""))
    Console.WriteLine($"Wrote {file}");
return 0;
