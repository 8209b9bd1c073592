using Wsp.Evaluation;
using Wsp.Training;
using Wsp.Samples.CirrhosisTraining.Reporting;

namespace Wsp.Samples.Tests.Reporting;

/// <summary>Cross-validation results from seeded random predictions, summarised by the real protocol.</summary>
internal static class MadeUpResults
{
    /// <summary>
    /// A result whose positive patients score higher by <paramref name="separation"/> on average: 30 patients in 5
    /// folds, every fold predicting all of them and testing 6 (each patient tested in one fold), half of each split positive.
    /// </summary>
    public static MethodResult Create(PretrainingMethod method, EvaluationProtocol evaluation, double separation, int seed)
    {
        var random = new Random(seed);
        var predictions = new List<PatientPrediction>();
        var folds = new List<FoldMetrics>();
        for (int fold = 0; fold < 5; fold++)
        {
            var patients = Enumerable.Range(0, 30).Select(i =>
            {
                int label = i % 2;
                double logit = (label - 0.5) * separation + NextGaussian(random);
                return new PatientPrediction(fold, $"p{i}", label, 1 / (1 + Math.Exp(-logit)), IsTest: i / 6 == fold);
            }).ToArray();
            predictions.AddRange(patients);
            folds.Add(CrossValidation.EvaluateFold(fold, patients));
        }
        return new MethodResult(method, evaluation, CrossValidation.Summarize(folds), predictions);
    }

    /// <summary>Five methods under both evaluations, better ones separating the classes more.</summary>
    public static IReadOnlyList<MethodResult> All() =>
    [
        .. new[] { (PretrainingMethod.None, 0.8), (PretrainingMethod.SimClr, 1.5), (PretrainingMethod.SupCon, 2.2), (PretrainingMethod.YAware, 2.6), (PretrainingMethod.Wsp, 3.2) }
            .SelectMany((m, i) => new[]
            {
                Create(m.Item1, EvaluationProtocol.LinearProbe, m.Item2, seed: 10 * i),
                Create(m.Item1, EvaluationProtocol.FineTuning, m.Item2 + 0.5, seed: 10 * i + 1),
            }),
    ];

    private static double NextGaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
