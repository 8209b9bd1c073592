using TorchSharp;
using TorchSharp.Modules;
using Wsp.Training.Encoders;
using static TorchSharp.torch;
using static Wsp.Onnx.GraphBuilder;

namespace Wsp.Onnx;

/// <summary>
/// Turns TorchSharp modules into ONNX nodes, each the module's evaluation-mode forward (batch norm with its running
/// statistics). Only modules whose forward is known are translated; any other is refused with its path and type, so a
/// graph is never exported with a step missing or changed.
/// </summary>
internal sealed class ModuleTranslator(GraphBuilder graph)
{
    // ResNetBlock is internal to Wsp.Training: recognised by its exact type, whose forward ResNetBlock.cs defines.
    private static readonly Type? ResNetBlockType = typeof(ResNet).Assembly.GetType("Wsp.Training.Encoders.ResNetBlock");

    /// <summary>Appends the nodes of <paramref name="module"/> applied to <paramref name="input"/>; returns the output's name.</summary>
    /// <exception cref="NotSupportedException">The module, or one inside it, is of a type or setting the exporter does not know.</exception>
    public string Translate(nn.Module module, string path, string input) => module switch
    {
        Conv2d conv => Convolution(conv, path, input),
        BatchNorm2d norm => BatchNorm(norm, path, input),
        ReLU => graph.Node("Relu", path, [input]),
        MaxPool2d pool => MaxPool(pool, path, input),
        AdaptiveAvgPool2d pool => GlobalAverage(pool, path, input),
        Flatten flatten => FlattenFromOne(flatten, path, input),
        Linear linear => Gemm(linear, path, input),
        Sequential sequential => sequential.named_children().Aggregate(input, (x, child) => Translate(child.module, Join(path, child.name), x)),
        // TinyNet.forward is features.call(input).
        TinyNet tiny => Translate(Child(tiny, path, "features"), Join(path, "features"), input),
        ResNet resnet => ResNetForward(resnet, path, input),
        _ when module.GetType() == ResNetBlockType => Block(module, path, input),
        _ => throw Unsupported(module, path, "this module type is not known to the ONNX exporter"),
    };

    // ResNet.forward: maxpool(relu(bn1(conv1(x)))), layer1..layer4, avgpool, flatten(1).
    private string ResNetForward(ResNet resnet, string path, string input)
    {
        Expect(resnet, path, ["conv1", "bn1", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool"]);
        string x = Translate(Child(resnet, path, "bn1"), Join(path, "bn1"), Translate(Child(resnet, path, "conv1"), Join(path, "conv1"), input));
        x = graph.Node("Relu", Join(path, "relu"), [x]);
        foreach (string name in new[] { "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool" })
            x = Translate(Child(resnet, path, name), Join(path, name), x);
        return graph.Node("Flatten", Join(path, "flatten"), [x], Int("axis", 1));
    }

    // ResNetBlock.forward: relu(bn1(conv1)), bn2(conv2), [bn3(conv3(relu))], relu(x + identity or downsample(input)).
    private string Block(nn.Module block, string path, string input)
    {
        var names = block.named_children().Select(c => c.name).ToHashSet(StringComparer.Ordinal);
        bool bottleneck = names.Contains("conv3");
        string[] expected = bottleneck ? ["conv1", "bn1", "conv2", "bn2", "conv3", "bn3"] : ["conv1", "bn1", "conv2", "bn2"];
        Expect(block, path, names.Contains("downsample") ? [.. expected, "downsample"] : expected);
        string Step(string name, string x) => Translate(Child(block, path, name), Join(path, name), x);
        string x = graph.Node("Relu", Join(path, "relu1"), [Step("bn1", Step("conv1", input))]);
        x = Step("bn2", Step("conv2", x));
        if (bottleneck)
            x = Step("bn3", Step("conv3", graph.Node("Relu", Join(path, "relu2"), [x])));
        string identity = names.Contains("downsample") ? Step("downsample", input) : input;
        return graph.Node("Relu", Join(path, "relu"), [graph.Node("Add", Join(path, "add"), [x, identity])]);
    }

    private string Convolution(Conv2d conv, string path, string input)
    {
        if (conv.padding_mode != PaddingModes.Zeros)
            throw Unsupported(conv, path, $"padding mode {conv.padding_mode} (only zero padding is exported)");
        if (conv.transposed)
            throw Unsupported(conv, path, "a transposed convolution");
        long[] kernel = conv.kernel_size, stride = conv.stride, dilation = conv.dilation;
        long[] pads = conv.padding_type switch
        {
            null => [.. conv.padding!, .. conv.padding!],
            Padding.Valid => [0, 0, 0, 0],
            // libtorch's 'same' pads the extra pixel of an odd total at the end (bottom, right).
            _ => [.. Enumerable.Range(0, 2).Select(i => dilation[i] * (kernel[i] - 1) / 2),
                  .. Enumerable.Range(0, 2).Select(i => dilation[i] * (kernel[i] - 1) - dilation[i] * (kernel[i] - 1) / 2)],
        };
        var inputs = new List<string> { input, graph.Initializer(path + ".weight", conv.weight) };
        if (conv.bias is { } bias)
            inputs.Add(graph.Initializer(path + ".bias", bias));
        return graph.Node("Conv", path, inputs, Ints("kernel_shape", kernel), Ints("strides", stride), Ints("pads", pads),
            Ints("dilations", dilation), Int("group", conv.groups));
    }

    private string BatchNorm(BatchNorm2d norm, string path, string input)
    {
        if (norm.running_mean is not { } mean || norm.running_var is not { } variance)
            throw Unsupported(norm, path, "no running statistics (track_running_stats false), so evaluation uses each batch's statistics");
        long channels = norm.num_features;
        string scale = norm.affine ? graph.Initializer(path + ".weight", norm.weight) : graph.Initializer(path + ".weight", Enumerable.Repeat(1f, (int)channels).ToArray(), [channels]);
        string shift = norm.affine && norm.bias is { } bias ? graph.Initializer(path + ".bias", bias) : graph.Initializer(path + ".bias", new float[channels], [channels]);
        return graph.Node("BatchNormalization", path,
            [input, scale, shift, graph.Initializer(path + ".running_mean", mean), graph.Initializer(path + ".running_var", variance)],
            Float("epsilon", (float)norm.eps));
    }

    private string MaxPool(MaxPool2d pool, string path, string input)
    {
        long[] kernel = pool.kernel_size;
        long[] stride = pool.stride ?? kernel;
        long[] padding = pool.padding ?? [0, 0];
        long[] dilation = pool.dilation ?? [1, 1];
        return graph.Node("MaxPool", path, [input], Ints("kernel_shape", kernel), Ints("strides", stride), Ints("pads", [.. padding, .. padding]),
            Ints("dilations", dilation), Int("ceil_mode", pool.ceil_mode ? 1 : 0));
    }

    private string GlobalAverage(AdaptiveAvgPool2d pool, string path, string input) =>
        pool.output_size.All(s => s == 1)
            ? graph.Node("GlobalAveragePool", path, [input])
            : throw Unsupported(pool, path, $"output size [{string.Join(", ", pool.output_size)}] (only 1 x 1, the global average, is exported)");

    private string FlattenFromOne(Flatten flatten, string path, string input) =>
        flatten is { start_dim: 1, end_dim: -1 }
            ? graph.Node("Flatten", path, [input], Int("axis", 1))
            : throw Unsupported(flatten, path, $"start_dim {flatten.start_dim}, end_dim {flatten.end_dim} (only flatten(1) is exported)");

    private string Gemm(Linear linear, string path, string input)
    {
        var inputs = new List<string> { input, graph.Initializer(path + ".weight", linear.weight) };
        if (linear.bias is { } bias)
            inputs.Add(graph.Initializer(path + ".bias", bias));
        return graph.Node("Gemm", path, inputs, Int("transB", 1));
    }

    private static nn.Module Child(nn.Module parent, string path, string name) =>
        parent.named_children().FirstOrDefault(c => c.name == name).module
            ?? throw Unsupported(parent, path, $"it has no submodule '{name}'");

    // A known module whose submodules differ from its source's would have another forward: refused, not guessed.
    private static void Expect(nn.Module module, string path, string[] names)
    {
        string[] actual = module.named_children().Select(c => c.name).Order(StringComparer.Ordinal).ToArray();
        if (!actual.SequenceEqual(names.Order(StringComparer.Ordinal)))
            throw Unsupported(module, path, $"its submodules [{string.Join(", ", actual)}] are not the [{string.Join(", ", names)}] its forward is known for");
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static NotSupportedException Unsupported(nn.Module module, string path, string reason) =>
        new($"Cannot export module '{path}' ({module.GetType().FullName}) to ONNX: {reason}.");
}
