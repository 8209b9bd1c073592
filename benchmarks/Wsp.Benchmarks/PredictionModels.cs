using Wsp.Data.Loading;
using Wsp.Data.Synthetic;
using Wsp.Data.Volumes;
using Wsp.Models;
using Wsp.Onnx;
using Wsp.Training.Encoders;

namespace Wsp.Benchmarks;

/// <summary>
/// What the prediction benchmark predicts with, made once and kept in a folder: a 512 x 512 x 100-slice int16 CT
/// (.nii.gz) from the synthetic generator, and per architecture a linear-probe model (untrained encoder, probe fitted
/// on eight other volumes of that size, 16 slices per patient at 512 px) saved as .wspmodel and exported to .onnx.
/// The weights do not matter for speed; the sizes do.
/// </summary>
internal static class PredictionModels
{
    public const int Size = 512, Slices = 100, SlicesPerPatient = 16;

    public static string Folder { get; } = Path.Combine(Path.GetTempPath(), "wsp-prediction-benchmark");

    public static string Volume => Path.Combine(Folder, "patient", "synth_0000.nii.gz");

    public static string ModelPath(EncoderArchitecture architecture) => Path.Combine(Folder, $"{architecture}.wspmodel");

    public static string OnnxPath(EncoderArchitecture architecture) => Path.Combine(Folder, $"{architecture}.onnx");

    /// <summary>Generates whatever is missing.</summary>
    public static void Prepare(EncoderArchitecture architecture)
    {
        if (!File.Exists(Volume))
            SyntheticCohortGenerator.Generate(Path.Combine(Folder, "patient"), Options(weak: 0, histology: 1, seed: 7));
        if (File.Exists(OnnxPath(architecture)))
            return;
        Wsp.Data.Synthetic.SyntheticCohort cohort = SyntheticCohortGenerator.Generate(Path.Combine(Folder, "fitting"), Options(weak: 0, histology: 8, seed: 3));
        var slices = new SliceCohort(cohort.Subjects, new VolumeSlicer(new CentralFractionSelection(0.7), IntensityMapping.SoftTissueWindow, Size));
        using SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { Architecture = architecture }, seed: 1);
        using PatientClassifier model = PatientClassifierFitter.FitLinearProbeAsync(encoder, slices,
            new PatientClassifierOptions { SlicesPerPatient = SlicesPerPatient, PretrainingMethod = "None" }).GetAwaiter().GetResult();
        model.Save(ModelPath(architecture));
        OnnxExporter.Export(model, OnnxPath(architecture));
    }

    // The generator's default field of view (128 voxels of 3 mm, 48 slices of 5 mm) at 512 x 512 x 100.
    private static SyntheticCohortOptions Options(int weak, int histology, int seed) => new()
    {
        Seed = seed,
        WeakPatients = weak,
        HistologyPatients = histology,
        Width = Size,
        Height = Size,
        Slices = Slices,
        PixelSpacing = 3.0 * 128 / Size,
        SliceSpacing = 5.0 * 48 / Slices,
        StageProbabilities = [0.5, 0, 0, 0, 0.5],
    };
}
