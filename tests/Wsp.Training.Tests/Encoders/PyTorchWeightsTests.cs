using System.Collections;
using TorchSharp.PyBridge;
using Wsp.Training.Encoders;
using static TorchSharp.torch;

namespace Wsp.Training.Tests.Encoders;

public sealed class PyTorchWeightsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-weights-").FullName;

    private static SliceEncoder Create(int seed, int channels = 1)
    {
        manual_seed(seed);
        return EncoderFactory.Create(new EncoderOptions { Architecture = EncoderArchitecture.ResNet18, InputChannels = channels });
    }

    private static void ShouldMatch(nn.Module a, nn.Module b)
    {
        var left = a.state_dict();
        var right = b.state_dict();
        left.Keys.Should().BeEquivalentTo(right.Keys);
        foreach (var (key, value) in left)
            value.allclose(right[key], 0, 0).Should().BeTrue(key);
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsEveryTensor()
    {
        string path = Path.Combine(_folder, "encoder.pt");
        using SliceEncoder source = Create(1);
        using SliceEncoder target = Create(2);
        PyTorchWeights.Save(source, path);

        target.load_py(path);

        ShouldMatch(source, target);
    }

    [Fact]
    public void LoadBackbone_StripsALightningStylePrefix()
    {
        string path = Path.Combine(_folder, "lightning.pt");
        using SliceEncoder source = Create(1);
        var stateDict = new Hashtable();
        foreach (var (key, value) in source.Backbone.state_dict())
            stateDict["net." + key] = value;
        stateDict["net.fc.weight"] = zeros(1000, 512);
        PyTorchPickler.PickleStateDict(path, stateDict);
        using SliceEncoder target = Create(2);

        IReadOnlyList<string> missing = PyTorchWeights.LoadBackbone(target, path, prefix: "net.");

        missing.Should().BeEmpty();
        ShouldMatch(source.Backbone, target.Backbone);
    }

    [Fact]
    public void LoadBackbone_OtherStem_NamesTheShapes()
    {
        string path = Path.Combine(_folder, "rgb.pt");
        using SliceEncoder rgb = Create(1, channels: 3);
        PyTorchWeights.Save(rgb, path);
        using SliceEncoder ct = Create(2);

        Action load = () => PyTorchWeights.LoadBackbone(ct, path, prefix: "backbone.");

        load.Should().Throw<InvalidDataException>().WithMessage("*backbone.conv1.weight*[64, 3, 7, 7]*[64, 1, 7, 7]*");
    }

    [Fact]
    public void LoadBackbone_NoMatchingKey_IsRefused()
    {
        string path = Path.Combine(_folder, "tiny.pt");
        using SliceEncoder tiny = EncoderFactory.Create();
        PyTorchWeights.Save(tiny, path);
        using SliceEncoder resnet = Create(2);

        Action load = () => PyTorchWeights.LoadBackbone(resnet, path, prefix: "backbone.");

        load.Should().Throw<InvalidDataException>().WithMessage("*no key*'backbone.'*ResNet18*");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
