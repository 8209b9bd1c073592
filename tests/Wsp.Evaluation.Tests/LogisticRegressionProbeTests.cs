using Wsp.Evaluation;

namespace Wsp.Evaluation.Tests;

/// <summary>Expected values from scikit-learn 1.2.1: LogisticRegression(C, tol=1e-10), with StandardScaler for the standardised case.</summary>
public sealed class LogisticRegressionProbeTests
{
    private static readonly double[][] Features =
    {
        new[] { 1.764, 0.4, 0.979, 2.241 }, new[] { 1.868, -0.977, 0.95, -0.151 }, new[] { -0.103, 0.411, 0.144, 1.454 }, new[] { 0.761, 0.122, 0.444, 0.334 },
        new[] { 1.494, -0.205, 0.313, -0.854 }, new[] { -2.553, 0.654, 0.864, -0.742 }, new[] { 2.27, -1.454, 0.046, -0.187 }, new[] { 1.533, 1.469, 0.155, 0.378 },
        new[] { -0.888, -1.981, -0.348, 0.156 }, new[] { 1.23, 1.202, -0.387, -0.302 }, new[] { -1.049, -1.42, -1.706, 1.951 }, new[] { -0.51, -0.438, -1.253, 0.777 },
        new[] { -1.614, -0.213, -0.895, 0.387 }, new[] { -0.511, -1.181, -0.028, 0.428 }, new[] { 0.067, 0.302, -0.634, -0.363 }, new[] { -0.672, -0.36, -0.813, -1.726 },
        new[] { 0.177, -0.402, -1.63, 0.463 }, new[] { -0.907, 0.052, 0.729, 0.129 }, new[] { 1.139, -1.235, 0.402, -0.685 }, new[] { -0.871, -0.579, -0.312, 0.056 },
        new[] { -1.165, 0.901, 0.466, -1.536 }, new[] { 1.488, 1.896, 1.179, -0.18 }, new[] { -1.071, 1.054, -0.403, 1.222 }, new[] { 0.208, 0.977, 0.356, 0.707 },
        new[] { 0.011, 1.786, 0.127, 0.402 }, new[] { 1.883, -1.348, -1.27, 0.969 }, new[] { -1.173, 1.944, -0.414, -0.747 }, new[] { 1.923, 1.481, 1.868, 0.906 },
        new[] { -0.861, 1.91, -0.268, 0.802 }, new[] { 0.947, -0.155, 0.614, 0.922 },
    };

    private static readonly int[] Labels = { 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1 };

    [Fact]
    public void Standardised_MatchesScikitLearn()
    {
        var probe = LogisticRegressionProbe.Fit(Features, Labels, c: 1.0);

        probe.Weights.Should().Equal(new[] { 2.3096266430197256, 0.32599898277364653, 0.217989352121522, 0.23838440197487024 }, (a, b) => Math.Abs(a - b) < 1e-6);
        probe.Intercept.Should().BeApproximately(0.6777699694054392, 1e-6);
        probe.PredictProbabilities(Features.Take(5).ToArray()).Should().Equal(
            new[] { 0.9888666599889038, 0.9742236147065025, 0.654035835271872, 0.8718914092351912, 0.943536935165167 }, (a, b) => Math.Abs(a - b) < 1e-7);
    }

    [Fact]
    public void RawFeatures_SmallerC_MatchesScikitLearn()
    {
        var probe = LogisticRegressionProbe.Fit(Features, Labels, c: 0.1, standardize: false);

        // scikit-learn's lbfgs stops within about 1e-5 of the optimum here (raw, less well-conditioned features).
        probe.Weights.Should().Equal(new[] { 0.7740456328856861, 0.09942374154123391, 0.15312110502339554, 0.08904150516646443 }, (a, b) => Math.Abs(a - b) < 2e-5);
        probe.Intercept.Should().BeApproximately(0.18878550985233092, 2e-5);
    }

    [Fact]
    public void OneClass_IsRefused()
    {
        Action fit = () => LogisticRegressionProbe.Fit(Features.Take(3).ToArray(), new[] { 1, 1, 1 });
        fit.Should().Throw<ArgumentException>().WithMessage("*both classes*");
    }
}
