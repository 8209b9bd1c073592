namespace Wsp.Onnx.Tests;

/// <summary>
/// The comparison the README reports: the largest absolute difference between ONNX Runtime's and TorchSharp's values,
/// divided by the largest magnitude of TorchSharp's (so outputs near zero, e.g. after a ReLU, do not inflate it).
/// </summary>
internal static class Differences
{
    public const double Tolerance = 1e-4;

    public static double MaxRelative(IReadOnlyList<float> actual, IReadOnlyList<double> expected) =>
        MaxRelative(actual.Select(a => (double)a).ToArray(), expected);

    public static double MaxRelative(IReadOnlyList<double> actual, IReadOnlyList<double> expected)
    {
        actual.Should().HaveCount(expected.Count);
        double scale = expected.Max(Math.Abs);
        double largest = actual.Select((a, i) => Math.Abs(a - expected[i])).Max();
        return scale > 0 ? largest / scale : largest;
    }
}
