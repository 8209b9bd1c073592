using System.Text.Json;
using TorchSharp;
using Wsp.Core.IO;
using Wsp.Models;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Cli;

/// <summary>
/// What <c>wsp pretrain</c> leaves for <c>wsp fit</c>: <c>encoder.bin</c> (the encoder's weights) and <c>encoder.json</c>
/// (how to rebuild it, the method, the pretraining settings and the slicing), both written atomically.
/// </summary>
internal static class PretrainedEncoderFile
{
    public const string WeightsName = "encoder.bin", DescriptionName = "encoder.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public sealed record Description(EncoderArchitecture Architecture, string Method, Dictionary<string, string> Settings, Dictionary<string, string> Slicing);

    public static void Write(string folder, SliceEncoder encoder, string method, IReadOnlyDictionary<string, string> settings, ModelPreprocessing slicing)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.Write(Path.Combine(folder, WeightsName), temporary => encoder.save(temporary));
        var description = new Description(encoder.Architecture, method, settings.ToDictionary(), slicing.ToMetadata().ToDictionary());
        AtomicFile.WriteAllText(Path.Combine(folder, DescriptionName), JsonSerializer.Serialize(description, Json) + "\n");
    }

    public static (SliceEncoder Encoder, Description Description) Read(string folder, Device device)
    {
        string described = Path.Combine(folder, DescriptionName), weights = Path.Combine(folder, WeightsName);
        if (!File.Exists(described) || !File.Exists(weights))
            throw new FileNotFoundException($"{folder} holds no pretrained encoder ({DescriptionName} and {WeightsName}, written by wsp pretrain).", described);
        Description description;
        try
        {
            description = JsonSerializer.Deserialize<Description>(File.ReadAllText(described), Json)
                ?? throw new InvalidDataException($"{described} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{described}: not a pretrained encoder's description: {e.Message}", e);
        }
        SliceEncoder encoder = EncoderFactory.Create(new EncoderOptions { Architecture = description.Architecture }, seed: 0, device: CPU);
        try
        {
            encoder.load(weights);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            encoder.Dispose();
            throw new InvalidDataException($"{weights}: cannot load the {description.Architecture} encoder's weights: {e.Message}", e);
        }
        return (encoder.to(device), description);
    }
}
