namespace Wsp.Training.Encoders;

/// <summary>The slice encoders <see cref="EncoderFactory"/> builds.</summary>
public enum EncoderArchitecture
{
    /// <summary>The authors' small network: 5x5 convolutions 1-16-32-64-128 with ReLU and 2x2 max-pooling, a 5x5 convolution to the representation, global average.</summary>
    TinyNet,
    /// <summary>ResNet-18 (basic blocks 2-2-2-2), representation 512.</summary>
    ResNet18,
    /// <summary>ResNet-34 (basic blocks 3-4-6-3), representation 512.</summary>
    ResNet34,
    /// <summary>ResNet-50 (bottlenecks 3-4-6-3), representation 2048.</summary>
    ResNet50,
}
