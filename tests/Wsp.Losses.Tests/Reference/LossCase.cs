using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wsp.Losses.Tests.Reference;

/// <summary>One case of loss_cases.json: a loss, its parameters, an input and the expected values.</summary>
internal sealed record LossCase(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("loss")] string Loss,
    [property: JsonPropertyName("params")] LossCaseParameters Parameters,
    [property: JsonPropertyName("input")] string Input,
    [property: JsonPropertyName("loss_value")] double LossValue,
    [property: JsonPropertyName("grad_z_i")] ExpectedGradient GradientA,
    [property: JsonPropertyName("grad_z_j")] ExpectedGradient GradientB);

internal sealed record LossCaseParameters(
    [property: JsonPropertyName("kernel")] string? Kernel,
    [property: JsonPropertyName("sigma")] double? Sigma,
    [property: JsonPropertyName("temperature")] double Temperature,
    [property: JsonPropertyName("normalization")] string Normalization,
    [property: JsonPropertyName("scale")] string Scale);

internal sealed record LossCaseInput(
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("d")] int D,
    [property: JsonPropertyName("z_i")] double[] ViewA,
    [property: JsonPropertyName("z_j")] double[] ViewB,
    [property: JsonPropertyName("labels")] long[]? Labels,
    [property: JsonPropertyName("positions")] double[]? Positions);

/// <summary>Either every gradient entry, or summaries of a large gradient.</summary>
internal sealed record ExpectedGradient(
    [property: JsonPropertyName("values")] double[]? Values,
    [property: JsonPropertyName("l2")] double? L2,
    [property: JsonPropertyName("sum_abs")] double? SumAbs,
    [property: JsonPropertyName("sample_index")] long[]? SampleIndex,
    [property: JsonPropertyName("sample")] double[]? Sample);

internal sealed record LossCaseFile(
    [property: JsonPropertyName("inputs")] Dictionary<string, LossCaseInput> Inputs,
    [property: JsonPropertyName("cases")] List<LossCase> Cases)
{
    /// <summary>The reference file: ../shared/reference/loss_cases.json, or the file named by WSP_LOSS_CASES.</summary>
    public static LossCaseFile Load() => Cache.Value;

    private static readonly Lazy<LossCaseFile> Cache = new(() =>
    {
        string path = Wsp.Tests.Shared.TestPaths.SharedFile("reference/loss_cases.json", "WSP_LOSS_CASES");
        if (!File.Exists(path))
            throw new FileNotFoundException($"The loss reference cases were not found at {path}; set WSP_LOSS_CASES to a file of the same format.", path);
        using FileStream stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<LossCaseFile>(stream)
            ?? throw new InvalidDataException($"{path} holds no loss cases.");
    });
}
