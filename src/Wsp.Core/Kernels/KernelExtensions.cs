namespace Wsp.Core.Kernels;

/// <summary>Fluent composition of kernels: <c>new DiracKernel().Times(new GaussianKernel(0.85))</c>.</summary>
public static class KernelExtensions
{
    /// <summary>The product kernel <paramref name="kernel"/> * <paramref name="other"/>.</summary>
    /// <param name="kernel">First factor.</param>
    /// <param name="other">Second factor.</param>
    public static ProductKernel Times(this IKernel kernel, IKernel other) => kernel is ProductKernel product
        ? new ProductKernel(product.Factors.Append(other).ToArray())
        : new ProductKernel(kernel, other);

    /// <summary>The mean of <paramref name="kernel"/> and <paramref name="other"/>.</summary>
    /// <param name="kernel">First term.</param>
    /// <param name="other">Second term.</param>
    public static SumKernel Average(this IKernel kernel, IKernel other) => new(kernel, other);
}
