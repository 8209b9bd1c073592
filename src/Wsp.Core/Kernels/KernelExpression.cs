using System.Globalization;

namespace Wsp.Core.Kernels;

/// <summary>
/// Kernels written as text, for command lines and settings files: a product of factors joined by <c>*</c>, each
/// <c>name(attribute[, parameters])</c>, e.g. <c>dirac(weak) * gaussian(position, 0.1)</c> (the WSP loss's kernel).
/// Names: <c>dirac(a)</c>, <c>gaussian(a, sigma)</c>, <c>laplacian(a, sigma)</c>, <c>box(a, gamma)</c>,
/// <c>exponential(a)</c>, <c>gradedistance(a, w0, w1, ...)</c>, <c>sample()</c>; attributes: <c>weak</c> (the weak
/// label), <c>position</c>, or a covariate's name. Numbers use the invariant culture; names are case-insensitive.
/// </summary>
public static class KernelExpression
{
    /// <summary>The kernels' names, as the parser accepts them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["dirac", "gaussian", "laplacian", "box", "exponential", "gradedistance", "sample"];

    /// <summary>Parses <paramref name="text"/> into a kernel (a <see cref="ProductKernel"/> when it has several factors).</summary>
    /// <param name="text">The expression.</param>
    /// <exception cref="FormatException">The text is not an expression of known kernels; the message quotes the factor at fault.</exception>
    public static IKernel Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] factors = text.Split('*', StringSplitOptions.TrimEntries);
        if (factors.Any(string.IsNullOrEmpty))
            throw new FormatException($"Kernel '{text}': an empty factor; write factors such as dirac(weak) * gaussian(position, 0.1).");
        IKernel[] kernels = factors.Select(Factor).ToArray();
        return kernels.Length == 1 ? kernels[0] : new ProductKernel(kernels);
    }

    private static IKernel Factor(string factor)
    {
        int open = factor.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !factor.EndsWith(')'))
            throw new FormatException($"Kernel factor '{factor}': expected name(attribute[, parameters]), e.g. gaussian(position, 0.1).");
        string name = factor[..open].Trim().ToLowerInvariant();
        string[] arguments = factor[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries);
        if (arguments is [""])
            arguments = [];
        try
        {
            return name switch
            {
                "dirac" => new DiracKernel(Attribute(factor, arguments, parameters: 0)),
                "exponential" => new ExponentialKernel(Attribute(factor, arguments, parameters: 0)),
                "gaussian" => new GaussianKernel(Number(factor, arguments), Attribute(factor, arguments, parameters: 1)),
                "laplacian" => new LaplacianKernel(Number(factor, arguments), Attribute(factor, arguments, parameters: 1)),
                "box" => new BoxKernel(Number(factor, arguments), Attribute(factor, arguments, parameters: 1)),
                "gradedistance" => new GradeDistanceKernel(arguments.Skip(1).Select(a => Number(factor, a)).ToArray(), Attribute(factor, arguments, parameters: arguments.Length - 1)),
                "sample" when arguments.Length == 0 => new SampleIdentityKernel(),
                "sample" => throw new FormatException($"Kernel factor '{factor}': sample() takes no argument."),
                _ => throw new FormatException($"Kernel factor '{factor}': unknown kernel '{name}'; use {string.Join(", ", Names)}."),
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"Kernel factor '{factor}': {e.Message}", e);
        }
    }

    private static SliceAttribute Attribute(string factor, string[] arguments, int parameters)
    {
        if (arguments.Length != parameters + 1 || parameters < 0)
            throw new FormatException($"Kernel factor '{factor}': expected an attribute and {parameters} parameter{(parameters == 1 ? "" : "s")}, found {arguments.Length} argument{(arguments.Length == 1 ? "" : "s")}.");
        return arguments[0].ToLowerInvariant() switch
        {
            "weak" or "weak_label" or "weaklabel" => SliceAttribute.WeakLabel,
            "position" => SliceAttribute.Position,
            "" => throw new FormatException($"Kernel factor '{factor}': the attribute is empty."),
            _ => SliceAttribute.Covariate(arguments[0]),
        };
    }

    private static double Number(string factor, string[] arguments) =>
        arguments.Length >= 2 ? Number(factor, arguments[1]) : throw new FormatException($"Kernel factor '{factor}': expected an attribute and a parameter.");

    private static double Number(string factor, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"Kernel factor '{factor}': '{text}' is not a number.");
}
