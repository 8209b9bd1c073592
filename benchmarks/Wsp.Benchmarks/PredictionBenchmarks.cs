using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Wsp.Data.Nifti;
using Wsp.Data.Volumes;
using Wsp.Models;
using Wsp.Onnx;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Benchmarks;

/// <summary>
/// Prediction for one 512 x 512 x 100-slice int16 CT (.nii.gz), 16 evaluated slices at 512 px, 2 threads, with
/// TorchSharp and with ONNX Runtime side by side: the whole path from file to patient probability, and its parts,
/// decoding (gzip and voxels to a RAS+ float volume), slicing (decoding plus selection, window and resampling;
/// slicing alone is the difference) and the network with the probe on the 16 slices.
/// </summary>
public class PredictionBenchmarks
{
    private PatientClassifier _torch = null!;
    private OnnxPatientClassifier _onnx = null!;
    private SliceStack _slices = null!;
    private VolumeSlicer _slicer = null!;

    [Params(EncoderArchitecture.TinyNet, EncoderArchitecture.ResNet18)]
    public EncoderArchitecture Architecture { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(2);
        PredictionModels.Prepare(Architecture);
        _torch = PatientClassifier.Load(PredictionModels.ModelPath(Architecture));
        var session = new SessionOptions { IntraOpNumThreads = 2, InterOpNumThreads = 1 };
        _onnx = OnnxPatientClassifier.Load(PredictionModels.OnnxPath(Architecture), session);
        _slicer = _torch.Preprocessing.CreateSlicer();
        _slices = _slicer.Load("patient", NiftiFile.Open(PredictionModels.Volume));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _slices.Dispose();
        _onnx.Dispose();
        _torch.Dispose();
    }

    [Benchmark(Description = "decode")]
    public int Decode()
    {
        using CanonicalVolume volume = CanonicalVolume.Read(PredictionModels.Volume);
        return volume.Shape[2];
    }

    [Benchmark(Description = "decode + slicing")]
    public int Slice()
    {
        using SliceStack stack = _slicer.Load("patient", NiftiFile.Open(PredictionModels.Volume));
        return stack.Count;
    }

    [Benchmark(Description = "network, TorchSharp")]
    public double NetworkTorchSharp() => _torch.Predict(_slices).Probability;

    [Benchmark(Description = "network, ONNX Runtime")]
    public double NetworkOnnxRuntime() => _onnx.Predict(_slices).Probability;

    [Benchmark(Description = "file to probability, TorchSharp")]
    public double FileTorchSharp() => _torch.Predict(PredictionModels.Volume).Probability;

    [Benchmark(Description = "file to probability, ONNX Runtime")]
    public double FileOnnxRuntime() => _onnx.Predict(PredictionModels.Volume).Probability;
}
