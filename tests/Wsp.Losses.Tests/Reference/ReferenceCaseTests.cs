using TorchSharp;
using Wsp.Core;
using static TorchSharp.torch;

namespace Wsp.Losses.Tests.Reference;

/// <summary>Every case of the authors' reference values, one test row per case name.</summary>
public sealed class ReferenceCaseTests
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (LossCase c in LossCaseFile.Load().Cases)
            data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Float64_LossAndGradients_MatchAuthorsCode(string name) =>
        Check(name, ScalarType.Float64, rtol: 1e-9, atol: 1e-12);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Float32_LossAndGradients_MatchAuthorsCodeLoosely(string name) =>
        Check(name, ScalarType.Float32, rtol: 2e-4, atol: 2e-6);

    private static void Check(string name, ScalarType dtype, double rtol, double atol)
    {
        LossCaseFile file = LossCaseFile.Load();
        LossCase c = file.Cases.Single(x => x.Name == name);
        LossCaseInput input = file.Inputs[c.Input];
        using var scope = NewDisposeScope();

        Tensor viewA = tensor(input.ViewA, new long[] { input.N, input.D }, dtype).requires_grad_();
        Tensor viewB = tensor(input.ViewB, new long[] { input.N, input.D }, dtype).requires_grad_();
        SliceAttributes? attributes = input.Labels is null && input.Positions is null
            ? null
            : new SliceAttributes(
                weakLabels: input.Labels is null ? null : tensor(input.Labels),
                positions: input.Positions is null ? null : tensor(input.Positions, ScalarType.Float64));

        using KernelContrastiveLoss loss = ReferenceLossFactory.Create(c);
        Tensor value = loss.call(viewA, viewB, attributes);
        value.backward();

        Close(value.to(ScalarType.Float64).item<double>(), c.LossValue, rtol, atol).Should().BeTrue(
            $"loss {value.to(ScalarType.Float64).item<double>():R} should match {c.LossValue:R}");
        CheckGradient(viewA.grad!, c.GradientA, "grad_z_i", rtol, atol);
        CheckGradient(viewB.grad!, c.GradientB, "grad_z_j", rtol, atol);
    }

    private static void CheckGradient(Tensor gradient, ExpectedGradient expected, string label, double rtol, double atol)
    {
        double[] actual = gradient.to(ScalarType.Float64).flatten().data<double>().ToArray();
        if (expected.Values is not null)
        {
            actual.Should().HaveCount(expected.Values.Length);
            for (int i = 0; i < actual.Length; i++)
                Close(actual[i], expected.Values[i], rtol, atol).Should().BeTrue($"{label}[{i}] = {actual[i]:R} should match {expected.Values[i]:R}");
            return;
        }

        expected.L2.Should().NotBeNull($"{label} gives either values or summaries");
        double l2 = Math.Sqrt(actual.Sum(v => v * v));
        double sumAbs = actual.Sum(Math.Abs);
        Close(l2, expected.L2!.Value, rtol, atol).Should().BeTrue($"{label} l2 {l2:R} should match {expected.L2:R}");
        Close(sumAbs, expected.SumAbs!.Value, rtol, atol).Should().BeTrue($"{label} sum_abs {sumAbs:R} should match {expected.SumAbs:R}");
        for (int k = 0; k < expected.SampleIndex!.Length; k++)
        {
            long index = expected.SampleIndex[k];
            Close(actual[index], expected.Sample![k], rtol, atol).Should().BeTrue(
                $"{label}[{index}] = {actual[index]:R} should match {expected.Sample[k]:R}");
        }
    }

    private static bool Close(double actual, double expected, double rtol, double atol) =>
        Math.Abs(actual - expected) <= rtol * Math.Abs(expected) + atol;
}
