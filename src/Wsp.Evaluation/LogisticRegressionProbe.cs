using MathNet.Numerics.LinearAlgebra;

namespace Wsp.Evaluation;

/// <summary>
/// L2-regularised binary logistic regression on frozen representations (the linear probe of the authors'
/// scikit-learn protocol). It minimises C * sum_i logloss_i + ||w||^2 / 2 with an unpenalised intercept,
/// scikit-learn's <c>LogisticRegression(C=1.0)</c> objective, by Newton's method to convergence; features are
/// standardised on the training set first unless told otherwise.
/// </summary>
public sealed class LogisticRegressionProbe
{
    private readonly Vector<double> _weights;
    private readonly double _intercept;
    private readonly double[] _mean;
    private readonly double[] _scale;

    private LogisticRegressionProbe(Vector<double> weights, double intercept, double[] mean, double[] scale)
    {
        _weights = weights;
        _intercept = intercept;
        _mean = mean;
        _scale = scale;
    }

    /// <summary>Feature weights (on standardised features when standardisation is on).</summary>
    public IReadOnlyList<double> Weights => _weights.ToArray();

    /// <summary>The intercept.</summary>
    public double Intercept => _intercept;

    /// <summary>Each feature's training mean, subtracted before the weights apply (0 without standardisation).</summary>
    public IReadOnlyList<double> Mean => _mean.ToArray();

    /// <summary>Each feature's training standard deviation (1 where it was 0, and without standardisation).</summary>
    public IReadOnlyList<double> Scale => _scale.ToArray();

    /// <summary>Rebuilds a fitted probe from its parameters (e.g. read back from a saved model).</summary>
    /// <param name="weights">The weights on standardised features.</param>
    /// <param name="intercept">The intercept.</param>
    /// <param name="mean">The features' means; as many as weights.</param>
    /// <param name="scale">The features' scales, each finite and greater than 0; as many as weights.</param>
    /// <exception cref="ArgumentException">The lengths differ, or a value is not finite, or a scale is not positive.</exception>
    public static LogisticRegressionProbe FromParameters(IReadOnlyList<double> weights, double intercept, IReadOnlyList<double> mean, IReadOnlyList<double> scale)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(scale);
        if (weights.Count == 0 || mean.Count != weights.Count || scale.Count != weights.Count)
            throw new ArgumentException($"{weights.Count} weights, {mean.Count} means and {scale.Count} scales: a probe needs as many of each, at least one.", nameof(weights));
        if (!double.IsFinite(intercept) || weights.Any(w => !double.IsFinite(w)) || mean.Any(m => !double.IsFinite(m)))
            throw new ArgumentException("A probe's weights, intercept and means must be finite numbers.", nameof(weights));
        if (scale.Any(v => !(v > 0) || !double.IsFinite(v)))
            throw new ArgumentException("A probe's scales must be finite and greater than 0.", nameof(scale));
        return new LogisticRegressionProbe(Vector<double>.Build.DenseOfEnumerable(weights), intercept, mean.ToArray(), scale.ToArray());
    }

    /// <summary>The decision value w · (x - mean) / scale + intercept of one sample, before the sigmoid.</summary>
    /// <param name="features">The sample's features.</param>
    public double Logit(IReadOnlyList<double> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count != _weights.Count)
            throw new ArgumentException($"{features.Count} features; the probe was fitted on {_weights.Count}.", nameof(features));
        double z = _intercept;
        for (int j = 0; j < features.Count; j++)
            z += _weights[j] * (features[j] - _mean[j]) / _scale[j];
        return z;
    }

    /// <summary>Fits the probe.</summary>
    /// <param name="features">One row per sample (e.g. per patient), all of the same length.</param>
    /// <param name="labels">0 or 1 per sample; both classes must occur.</param>
    /// <param name="c">Inverse regularisation strength (scikit-learn's C), greater than 0.</param>
    /// <param name="standardize">Centre and scale each feature on the training samples.</param>
    public static LogisticRegressionProbe Fit(IReadOnlyList<double[]> features, IReadOnlyList<int> labels, double c = 1.0, bool standardize = true)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Count != labels.Count || features.Count == 0)
            throw new ArgumentException($"{features.Count} feature rows but {labels.Count} labels.", nameof(labels));
        if (!(c > 0) || !double.IsFinite(c))
            throw new ArgumentOutOfRangeException(nameof(c), c, "C must be finite and greater than 0.");
        int d = features[0].Length;
        if (features.Any(f => f.Length != d))
            throw new ArgumentException("All feature rows must have the same length.", nameof(features));
        if (labels.Any(l => l is not (0 or 1)) || labels.Distinct().Count() < 2)
            throw new ArgumentException("Labels must be 0 or 1, with both classes present.", nameof(labels));

        int n = features.Count;
        double[] mean = new double[d], scale = Enumerable.Repeat(1.0, d).ToArray();
        if (standardize)
        {
            for (int j = 0; j < d; j++)
            {
                mean[j] = features.Average(f => f[j]);
                double std = Math.Sqrt(features.Average(f => (f[j] - mean[j]) * (f[j] - mean[j])));
                scale[j] = std > 0 ? std : 1;
            }
        }
        // Design matrix with a trailing column of ones for the intercept.
        Matrix<double> x = Matrix<double>.Build.Dense(n, d + 1, (i, j) => j == d ? 1 : (features[i][j] - mean[j]) / scale[j]);
        Vector<double> y = Vector<double>.Build.Dense(n, i => labels[i]);
        Vector<double> penalty = Vector<double>.Build.Dense(d + 1, j => j == d ? 0 : 1);
        Vector<double> theta = Vector<double>.Build.Dense(d + 1);

        for (int iteration = 0; iteration < 100; iteration++)
        {
            Vector<double> p = (x * theta).Map(Sigmoid);
            Vector<double> gradient = c * (x.TransposeThisAndMultiply(p - y)) + penalty.PointwiseMultiply(theta);
            Vector<double> curvature = p.PointwiseMultiply(1 - p) * c;
            Matrix<double> hessian = x.TransposeThisAndMultiply(x.PointwiseMultiply(Matrix<double>.Build.Dense(n, d + 1, (i, _) => curvature[i])))
                + Matrix<double>.Build.DiagonalOfDiagonalVector(penalty);
            // A tiny ridge keeps the Newton system solvable when the intercept's curvature vanishes (separable data).
            hessian += Matrix<double>.Build.DiagonalIdentity(d + 1) * 1e-12;
            Vector<double> step = hessian.Solve(gradient);
            theta -= step;
            if (step.L2Norm() < 1e-10 * (1 + theta.L2Norm()))
                break;
        }
        return new LogisticRegressionProbe(theta.SubVector(0, d), theta[d], mean, scale);
    }

    /// <summary>The positive-class probability of each sample.</summary>
    /// <param name="features">One row per sample.</param>
    public double[] PredictProbabilities(IReadOnlyList<double[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return features.Select((f, i) =>
        {
            if (f.Length != _weights.Count)
                throw new ArgumentException($"Row {i} has {f.Length} features; the probe was fitted on {_weights.Count}.", nameof(features));
            return Sigmoid(Logit(f));
        }).ToArray();
    }

    /// <summary>The logistic function, computed without overflow.</summary>
    /// <param name="z">A decision value.</param>
    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
