using Wsp.Data.Volumes;
using Wsp.Models;
using Wsp.Onnx;
using Wsp.Training;

namespace Wsp.Cli;

/// <summary>What <c>wsp predict</c> asks a model, whether TorchSharp runs it (<c>--model</c>) or ONNX Runtime (<c>--onnx</c>).</summary>
internal sealed class Predictor : IDisposable
{
    private readonly IDisposable _model;
    private readonly Func<SliceStack, PatientClassification> _predict;

    private Predictor(IDisposable model, ModelPreprocessing preprocessing, Func<SliceStack, PatientClassification> predict, string path, string runtime)
    {
        _model = model;
        _predict = predict;
        Preprocessing = preprocessing;
        Path = path;
        Runtime = runtime;
    }

    public ModelPreprocessing Preprocessing { get; }

    public string Path { get; }

    /// <summary>What ran the network, as predictions.json records it.</summary>
    public string Runtime { get; }

    /// <summary>Throws unless exactly one of the model options is given (before the inputs are checked, so that it is said first).</summary>
    public static void CheckOne(string? model, string? onnx)
    {
        if ((model is null) == (onnx is null))
            throw new ArgumentException(model is null ? "Give the model: --model FILE.wspmodel, or --onnx FILE.onnx." : "Give --model or --onnx, not both.");
    }

    /// <summary>Opens the one model given: a .wspmodel on <paramref name="device"/>, or an .onnx on the CPU.</summary>
    public static Predictor Open(string? model, string? onnx, string device)
    {
        CheckOne(model, onnx);
        if (model is not null)
        {
            PatientClassifier classifier = PatientClassifier.Load(model, TrainingDevice.Resolve(device));
            return new Predictor(classifier, classifier.Preprocessing, classifier.Predict, model, "TorchSharp");
        }
        if (device != "cpu")
            throw new ArgumentException($"--onnx runs on ONNX Runtime's CPU build; --device {device} applies to --model only.");
        OnnxPatientClassifier exported = OnnxPatientClassifier.Load(onnx!);
        return new Predictor(exported, exported.Preprocessing, exported.Predict, onnx!, "ONNX Runtime");
    }

    public PatientClassification Predict(SliceStack slices) => _predict(slices);

    public void Dispose() => _model.Dispose();
}
