using Wsp.Training.Encoders;

namespace Wsp.Cli;

/// <summary>Encoder names on the command line.</summary>
internal static class Architectures
{
    public static EncoderArchitecture Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "tinynet" => EncoderArchitecture.TinyNet,
        "resnet18" => EncoderArchitecture.ResNet18,
        "resnet34" => EncoderArchitecture.ResNet34,
        "resnet50" => EncoderArchitecture.ResNet50,
        _ => throw new ArgumentException($"--encoder must be tinynet, resnet18, resnet34 or resnet50, not '{name}'."),
    };
}
