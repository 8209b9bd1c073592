namespace Wsp.Losses.Tests;

/// <summary>The kernel contrastive loss by its definition, in C# double loops: an oracle for any kernel.</summary>
internal static class BruteForceOracle
{
    /// <param name="viewA">N x D embeddings.</param>
    /// <param name="viewB">N x D embeddings.</param>
    /// <param name="kernel">Weight between rows t and j of the stacked 2N embeddings.</param>
    /// <param name="perAnchor">Per-anchor normalisation (else the authors' column normalisation).</param>
    /// <param name="scale">The factor applied to the summed anchor terms.</param>
    public static double Loss(double[,] viewA, double[,] viewB, Func<int, int, double> kernel, double temperature, bool perAnchor, double scale)
    {
        int n = viewA.GetLength(0), d = viewA.GetLength(1), rows = 2 * n;
        var z = new double[rows, d];
        for (int t = 0; t < rows; t++)
        {
            double norm = 0;
            for (int k = 0; k < d; k++)
            {
                double v = t < n ? viewA[t, k] : viewB[t - n, k];
                z[t, k] = v;
                norm += v * v;
            }
            norm = Math.Max(Math.Sqrt(norm), 1e-12);
            for (int k = 0; k < d; k++) z[t, k] /= norm;
        }

        var w = new double[rows, rows];
        var rowTotal = new double[rows];
        for (int t = 0; t < rows; t++)
        {
            for (int j = 0; j < rows; j++)
            {
                w[t, j] = j == t ? 0 : kernel(t, j);
                rowTotal[t] += w[t, j];
            }
        }

        double total = 0;
        for (int t = 0; t < rows; t++)
        {
            var s = new double[rows];
            double max = double.NegativeInfinity;
            for (int j = 0; j < rows; j++)
            {
                for (int k = 0; k < d; k++) s[j] += z[t, k] * z[j, k];
                s[j] /= temperature;
                if (j != t) max = Math.Max(max, s[j]);
            }
            double sum = 0;
            for (int j = 0; j < rows; j++) if (j != t) sum += Math.Exp(s[j] - max);
            double logZ = max + Math.Log(sum);
            for (int j = 0; j < rows; j++)
            {
                if (j == t || w[t, j] == 0) continue;
                double denominator = perAnchor ? rowTotal[t] : rowTotal[j];
                total -= w[t, j] / denominator * (s[j] - logZ);
            }
        }
        return scale * total;
    }
}
