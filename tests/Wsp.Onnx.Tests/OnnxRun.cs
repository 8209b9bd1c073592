using Microsoft.ML.OnnxRuntime;

namespace Wsp.Onnx.Tests;

/// <summary>Runs an exported graph in ONNX Runtime (CPU) on a float32 batch and returns the outputs asked for, with their shapes.</summary>
internal static class OnnxRun
{
    public static Dictionary<string, (float[] Values, long[] Shape)> Outputs(string path, float[] input, long[] shape, params string[] outputs)
    {
        using var session = new InferenceSession(path);
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var run = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(run, [OnnxNames.Input], [value], outputs);
        return outputs.Select((name, i) => (name, (results[i].GetTensorDataAsSpan<float>().ToArray(), results[i].GetTensorTypeAndShape().Shape)))
            .ToDictionary(p => p.name, p => p.Item2, StringComparer.Ordinal);
    }

    public static IReadOnlyDictionary<string, string> Metadata(string path)
    {
        using var session = new InferenceSession(path);
        return session.ModelMetadata.CustomMetadataMap.ToDictionary(StringComparer.Ordinal);
    }
}
