using Wsp.Core.Kernels;
using static TorchSharp.torch;

namespace Wsp.Core.Tests.Kernels;

public sealed class KernelExpressionTests
{
    private static SliceAttributes Slices => new(
        weakLabels: tensor(new long[] { 0, 1, 2, 1, 0 }),
        positions: tensor(new[] { 0.0, 0.05, 0.3, 0.31, 0.7 }, ScalarType.Float64),
        covariates: new Dictionary<string, Tensor> { ["age"] = tensor(new[] { 50.0, 61.0, 47.5, 70.0, 33.0 }) });

    public static TheoryData<string, string> Expressions() => new()
    {
        { "dirac(weak) * gaussian(position, 0.1)", "wsp" },
        { "Gaussian(position,0.85)", "gaussian" },
        { "laplacian(position, 0.5)", "laplacian" },
        { "box(position, 0.1)", "box" },
        { "exponential(position)", "exponential" },
        { "gradedistance(weak, 1, 0.5)", "grade" },
        { "sample()", "identity" },
        { "gaussian(age, 10)", "age" },
    };

    private static IKernel Expected(string name) => name switch
    {
        "wsp" => new DiracKernel().Times(new GaussianKernel(0.1)),
        "gaussian" => new GaussianKernel(0.85),
        "laplacian" => new LaplacianKernel(0.5),
        "box" => new BoxKernel(0.1),
        "exponential" => new ExponentialKernel(),
        "grade" => new GradeDistanceKernel([1, 0.5]),
        "identity" => new SampleIdentityKernel(),
        "age" => new GaussianKernel(10, SliceAttribute.Covariate("age")),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Expressions))]
    public void Parse_GivesTheKernelItNames(string expression, string expected)
    {
        using var scope = NewDisposeScope();
        IKernel parsed = KernelExpression.Parse(expression);
        IKernel reference = Expected(expected);
        SliceAttributes slices = expected == "identity"
            ? new SliceAttributes(sampleIndices: tensor(new long[] { 0, 1, 0, 2, 1 }))
            : Slices;

        parsed.ToString().Should().Be(reference.ToString());
        parsed.Evaluate(slices, slices).allclose(reference.Evaluate(slices, slices), rtol: 0, atol: 0).Should().BeTrue();
    }

    [Theory]
    [InlineData("foo(weak)", "Kernel factor 'foo(weak)': unknown kernel 'foo'; use dirac, gaussian, laplacian, box, exponential, gradedistance, sample.")]
    [InlineData("gaussian(position)", "Kernel factor 'gaussian(position)': expected an attribute and a parameter.")]
    [InlineData("gaussian(position, wide)", "Kernel factor 'gaussian(position, wide)': 'wide' is not a number.")]
    [InlineData("dirac(weak, 2)", "Kernel factor 'dirac(weak, 2)': expected an attribute and 0 parameters, found 2 arguments.")]
    [InlineData("dirac(weak) * ", "Kernel 'dirac(weak) * ': an empty factor; write factors such as dirac(weak) * gaussian(position, 0.1).")]
    [InlineData("gaussian", "Kernel factor 'gaussian': expected name(attribute[, parameters]), e.g. gaussian(position, 0.1).")]
    [InlineData("sample(weak)", "Kernel factor 'sample(weak)': sample() takes no argument.")]
    public void Parse_RefusesABadExpressionNamingTheFactor(string expression, string message) =>
        FluentActions.Invoking(() => KernelExpression.Parse(expression)).Should().Throw<FormatException>().WithMessage(message);

    [Fact]
    public void Parse_TurnsAnOutOfRangeParameterIntoAFormatError() =>
        FluentActions.Invoking(() => KernelExpression.Parse("gaussian(position, 0)")).Should().Throw<FormatException>()
            .WithMessage("Kernel factor 'gaussian(position, 0)': *");
}
