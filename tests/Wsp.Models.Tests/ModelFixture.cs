using Wsp.Data.Loading;
using Wsp.Data.Synthetic;
using Wsp.Data.Volumes;
using Wsp.Training.Encoders;

namespace Wsp.Models.Tests;

/// <summary>A tiny generated histology cohort and one model of each kind fitted on it, shared by the tests of a class.</summary>
public sealed class ModelFixture : IDisposable
{
    public ModelFixture()
    {
        Folder = Directory.CreateTempSubdirectory("wsp-models-").FullName;
        Generated = SyntheticCohortGenerator.Generate(Path.Combine(Folder, "cohort"), new SyntheticCohortOptions
        {
            WeakPatients = 0, HistologyPatients = 10, Width = 48, Height = 48, Slices = 12, StageProbabilities = [0.5, 0, 0, 0, 0.5],
        });
        Cohort = new SliceCohort(Generated.Subjects, new VolumeSlicer(new CentralFractionSelection(0.7), IntensityMapping.SoftTissueWindow, 32));
        Encoder = EncoderFactory.Create(new EncoderOptions(), seed: 3);
        Options = new PatientClassifierOptions { SlicesPerPatient = 4, FineTuneEpochs = 1, FineTuneSlicesPerPatient = 2, PretrainingMethod = "None" };
        Probe = PatientClassifierFitter.FitLinearProbeAsync(Encoder, Cohort, Options).GetAwaiter().GetResult();
        FineTuned = PatientClassifierFitter.FitFineTunedAsync(Encoder, Cohort, Options).GetAwaiter().GetResult();
    }

    public string Folder { get; }
    public SyntheticCohort Generated { get; }
    public SliceCohort Cohort { get; }
    public SliceEncoder Encoder { get; }
    public PatientClassifierOptions Options { get; }
    public PatientClassifier Probe { get; }
    public PatientClassifier FineTuned { get; }

    public string NewPath(string name) => Path.Combine(Folder, Guid.NewGuid().ToString("N")[..8] + "-" + name);

    public void Dispose()
    {
        Probe.Dispose();
        FineTuned.Dispose();
        Encoder.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
