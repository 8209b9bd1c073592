using TorchSharp;
using static TorchSharp.torch;

namespace Wsp.Core.Kernels;

/// <summary>
/// Kernel over ordinal grades given by a symmetric K x K similarity table: k(a, b) = table[a, b] for
/// integer grades a, b in 0..K-1. For example the partial similarity 1 / 0.5 / 0 between equal,
/// adjacent and distant fibrosis grades (<see cref="Banded"/>).
/// </summary>
/// <remarks>Over the weak label a negative grade means unknown and gets weight 0 with every slice. Grades of K or more fail in the indexing operation; enable the losses' value checks to get a named error first.</remarks>
public sealed class TableKernel : IKernel
{
    private readonly double[,] _table;

    /// <summary>Creates the kernel.</summary>
    /// <param name="table">Symmetric K x K table with entries in [0, 1].</param>
    /// <param name="attribute">Compared integer attribute; the weak label by default.</param>
    public TableKernel(double[,] table, SliceAttribute? attribute = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        int k = table.GetLength(0);
        if (k == 0 || table.GetLength(1) != k)
            throw new ArgumentException($"The table must be square and non-empty, but it is {table.GetLength(0)} x {table.GetLength(1)}.", nameof(table));
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < k; j++)
            {
                if (!(table[i, j] >= 0 && table[i, j] <= 1))
                    throw new ArgumentOutOfRangeException(nameof(table), table[i, j], $"table[{i}, {j}] must be in [0, 1].");
                if (table[i, j] != table[j, i])
                    throw new ArgumentException($"The table must be symmetric, but table[{i}, {j}] = {table[i, j]} and table[{j}, {i}] = {table[j, i]}.", nameof(table));
            }
        }
        _table = (double[,])table.Clone();
        Attribute = attribute ?? SliceAttribute.WeakLabel;
        Attributes = new[] { Attribute };
    }

    /// <summary>The number of grades K.</summary>
    public int GradeCount => _table.GetLength(0);

    /// <summary>The attribute this kernel compares.</summary>
    public SliceAttribute Attribute { get; }

    /// <inheritdoc />
    public IReadOnlyList<SliceAttribute> Attributes { get; }

    /// <summary>Similarity of grades <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <param name="a">First grade.</param>
    /// <param name="b">Second grade.</param>
    public double this[int a, int b] => _table[a, b];

    /// <summary>
    /// A banded table: bandWeights[d] for grades at distance d, 0 beyond; e.g. Banded(5, 1, 0.5).
    /// </summary>
    /// <param name="gradeCount">Number of grades K.</param>
    /// <param name="bandWeights">Weight for distance 0, 1, ...</param>
    /// <param name="attribute">Compared integer attribute; the weak label by default.</param>
    public static TableKernel Banded(int gradeCount, IReadOnlyList<double> bandWeights, SliceAttribute? attribute = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gradeCount);
        ArgumentNullException.ThrowIfNull(bandWeights);
        var table = new double[gradeCount, gradeCount];
        for (int i = 0; i < gradeCount; i++)
        {
            for (int j = 0; j < gradeCount; j++)
            {
                int distance = Math.Abs(i - j);
                table[i, j] = distance < bandWeights.Count ? bandWeights[distance] : 0;
            }
        }
        return new TableKernel(table, attribute);
    }

    /// <inheritdoc />
    public Tensor Evaluate(SliceAttributes rows, SliceAttributes columns)
    {
        using var scope = NewDisposeScope();
        Tensor a = rows.Get(Attribute).to(ScalarType.Int64);
        Tensor b = columns.Get(Attribute).to(ScalarType.Int64);
        Tensor table = tensor(_table, ScalarType.Float32, device: a.device);
        Tensor weights = table.index_select(0, UnknownLabels.ClampForIndexing(a, Attribute)).index_select(1, UnknownLabels.ClampForIndexing(b, Attribute));
        return UnknownLabels.Mask(weights, Attribute, a, b).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override string ToString() => $"Table({Attribute}, [{string.Join("; ", Enumerable.Range(0, GradeCount).Select(a => string.Join(", ", Enumerable.Range(0, GradeCount).Select(b => _table[a, b].ToString("R", System.Globalization.CultureInfo.InvariantCulture)))))}])";
}
