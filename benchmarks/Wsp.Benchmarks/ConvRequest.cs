using System.Globalization;
using System.Text.Json;

namespace Wsp.Benchmarks;

/// <summary>The <c>conv</c> command of the step workers' protocol: a <see cref="ConvLayer"/>'s shape as JSON and back.</summary>
internal static class ConvRequest
{
    public static string Line(ConvLayer layer, int batch, int threads) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"cmd\":\"conv\",\"in\":{layer.InputChannels},\"out\":{layer.OutputChannels},\"kernel\":{layer.Kernel},\"stride\":{layer.Stride},"
        + $"\"padding\":{layer.Padding},\"bias\":{(layer.Bias ? "true" : "false")},\"size\":{layer.InputSize},\"batch\":{batch},\"threads\":{threads}}}");

    /// <summary>The layer a request names (its name and count are the driver's business: empty and 1).</summary>
    public static ConvLayer Layer(JsonElement request) => new("", request.GetProperty("in").GetInt32(), request.GetProperty("out").GetInt32(),
        request.GetProperty("kernel").GetInt32(), request.GetProperty("stride").GetInt32(), request.GetProperty("padding").GetInt32(),
        request.GetProperty("bias").GetBoolean(), request.GetProperty("size").GetInt32(), 1);
}
