using Wsp.Data.Loading;
using Wsp.Data.Synthetic;
using Wsp.Data.Volumes;
using Wsp.Models;
using Wsp.Training.Encoders;

namespace Wsp.Onnx.Tests;

/// <summary>A tiny generated histology cohort and a model of each protocol fitted on it, each exported to ONNX once.</summary>
public sealed class ClassifierFixture : IDisposable
{
    public ClassifierFixture()
    {
        Folder = Directory.CreateTempSubdirectory("wsp-onnx-models-").FullName;
        SyntheticCohort generated = SyntheticCohortGenerator.Generate(Path.Combine(Folder, "cohort"), new SyntheticCohortOptions
        {
            WeakPatients = 0, HistologyPatients = 10, Width = 48, Height = 48, Slices = 12, StageProbabilities = [0.5, 0, 0, 0, 0.5],
        });
        Cohort = new SliceCohort(generated.Subjects, new VolumeSlicer(new CentralFractionSelection(0.7), IntensityMapping.SoftTissueWindow, 32));
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions(), seed: 3);
        var options = new PatientClassifierOptions { SlicesPerPatient = 4, FineTuneEpochs = 1, FineTuneSlicesPerPatient = 2, PretrainingMethod = "None" };
        Probe = PatientClassifierFitter.FitLinearProbeAsync(encoder, Cohort, options).GetAwaiter().GetResult();
        FineTuned = PatientClassifierFitter.FitFineTunedAsync(encoder, Cohort, options).GetAwaiter().GetResult();
        OnnxExporter.Export(Probe, ProbePath);
        OnnxExporter.Export(FineTuned, FineTunedPath);
    }

    public string Folder { get; }
    public SliceCohort Cohort { get; }
    public PatientClassifier Probe { get; }
    public PatientClassifier FineTuned { get; }
    public string ProbePath => Path.Combine(Folder, "probe.onnx");
    public string FineTunedPath => Path.Combine(Folder, "finetuned.onnx");

    public PatientClassifier Model(bool probe) => probe ? Probe : FineTuned;

    public string OnnxPath(bool probe) => probe ? ProbePath : FineTunedPath;

    public string NewPath(string name) => Path.Combine(Folder, Guid.NewGuid().ToString("N")[..8] + "-" + name);

    public void Dispose()
    {
        Probe.Dispose();
        FineTuned.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
