using System.Buffers.Binary;
using Google.Protobuf;
using Wsp.Onnx.Protobuf;
using static TorchSharp.torch;

namespace Wsp.Onnx;

/// <summary>Accumulates an ONNX graph: nodes in topological order, initializers, and names that stay unique.</summary>
internal sealed class GraphBuilder
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public GraphProto Graph { get; } = new() { Name = "wsp" };

    /// <summary>Reserves a graph input's name.</summary>
    public void Reserve(string name)
    {
        if (!_names.Add(name))
            throw new InvalidOperationException($"The name '{name}' is already used in the graph.");
    }

    /// <summary>A float32 initializer with the values and shape of <paramref name="tensor"/> (copied to the CPU).</summary>
    public string Initializer(string name, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        float[] values = tensor.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        return Initializer(name, values, tensor.shape);
    }

    /// <summary>A float32 initializer.</summary>
    public string Initializer(string name, float[] values, long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return Add(name, TensorProto.Types.DataType.Float, dims, bytes);
    }

    /// <summary>A float64 initializer (the probe's folded weights keep double precision).</summary>
    public string Initializer(string name, double[] values, long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(double)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * sizeof(double)), values[i]);
        return Add(name, TensorProto.Types.DataType.Double, dims, bytes);
    }

    /// <summary>An int64 initializer (shapes, indices).</summary>
    public string Initializer(string name, long[] values, long[] dims)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        return Add(name, TensorProto.Types.DataType.Int64, dims, bytes);
    }

    /// <summary>Appends a node whose single output is named after it; returns that output's name.</summary>
    public string Node(string opType, string name, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        string output = Unique(name);
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>Appends an Identity node that gives <paramref name="value"/> a graph output's name, reserved before any node was added.</summary>
    public void Rename(string value, string output)
    {
        if (!_names.Contains(output))
            throw new InvalidOperationException($"The output name '{output}' was not reserved.");
        var node = new NodeProto { OpType = "Identity", Name = output };
        node.Input.Add(value);
        node.Output.Add(output);
        Graph.Node.Add(node);
    }

    /// <summary>A float32 tensor's description; each dimension is a size (long) or a symbolic name (string).</summary>
    public static ValueInfoProto Float32(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object dim in dims)
            shape.Dim.Add(dim switch
            {
                long size => new TensorShapeProto.Types.Dimension { DimValue = size },
                int size => new TensorShapeProto.Types.Dimension { DimValue = size },
                string symbol => new TensorShapeProto.Types.Dimension { DimParam = symbol },
                _ => throw new ArgumentException($"A dimension is a size or a name, not {dim}.", nameof(dims)),
            });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private string Add(string name, TensorProto.Types.DataType type, long[] dims, byte[] bytes)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private string Unique(string name)
    {
        string candidate = name;
        for (int i = 1; !_names.Add(candidate); i++)
            candidate = $"{name}_{i}";
        return candidate;
    }
}
