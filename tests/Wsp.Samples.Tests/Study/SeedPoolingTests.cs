using FluentAssertions;
using Wsp.Evaluation;
using Wsp.Samples.CirrhosisStudy;
using Xunit;

namespace Wsp.Samples.Tests.Study;

public sealed class SeedPoolingTests
{
    [Fact]
    public void One_seed_pools_to_that_seeds_DeLong_test()
    {
        SeedPredictions a = Scores(1, separation: 2.0, noise: 1), b = Scores(1, separation: 1.0, noise: 2);

        DeLongResult pooled = SeedPooling.MeanDifference([(a, b)]);
        DeLongResult single = DeLong.Compare(a.Labels, a.Scores, b.Scores);

        pooled.Difference.Should().BeApproximately(single.Difference, 1e-12);
        pooled.StandardError.Should().BeApproximately(single.StandardError, 1e-12);
        pooled.PValue.Should().BeApproximately(single.PValue, 1e-9);
        pooled.Lower.Should().BeApproximately(single.Lower, 1e-9);
    }

    [Fact]
    public void Independent_seeds_average_the_differences_and_combine_the_variances()
    {
        SeedPredictions a1 = Scores(1, 2.0, 1), b1 = Scores(1, 1.0, 2), a2 = Scores(2, 1.5, 3), b2 = Scores(2, 1.4, 4);
        DeLongResult first = DeLong.Compare(a1.Labels, a1.Scores, b1.Scores), second = DeLong.Compare(a2.Labels, a2.Scores, b2.Scores);

        DeLongResult pooled = SeedPooling.MeanDifference([(a1, b1), (a2, b2)]);

        pooled.Difference.Should().BeApproximately((first.Difference + second.Difference) / 2, 1e-12);
        pooled.StandardError.Should().BeApproximately(Math.Sqrt(first.StandardError * first.StandardError + second.StandardError * second.StandardError) / 2, 1e-12);
        pooled.AucA.Should().BeApproximately((a1.Auc + a2.Auc) / 2, 1e-12);
        pooled.PValue.Should().BeInRange(0, 1);
    }

    [Fact]
    public void Predictions_of_other_patients_are_refused()
    {
        SeedPredictions a = Scores(1, 2.0, 1), other = Scores(2, 2.0, 1);

        FluentActions.Invoking(() => SeedPooling.PerSeed(a, other)).Should().Throw<ArgumentException>()
            .WithMessage("Seed 1 and seed 2: the two methods' predictions are not of the same patients.*");
    }

    [Fact]
    public void The_mean_AUC_interval_is_seeded_and_holds_the_estimate()
    {
        SeedPredictions[] seeds = [Scores(1, 1.5, 1), Scores(2, 1.0, 2)];

        ConfidenceInterval first = SeedPooling.MeanAuc(seeds, resamples: 500), again = SeedPooling.MeanAuc(seeds, resamples: 500);

        first.Should().Be(again);
        first.Estimate.Should().BeApproximately((seeds[0].Auc + seeds[1].Auc) / 2, 1e-12);
        first.Lower.Should().BeLessThan(first.Estimate);
        first.Upper.Should().BeGreaterThan(first.Estimate);
        SeedPooling.MeanAuc(seeds, resamples: 500, randomSeed: 2).Should().NotBe(first);
    }

    [Fact]
    public void A_perfect_scorer_has_a_degenerate_interval()
    {
        SeedPredictions perfect = Scores(1, separation: 100, noise: 1);

        SeedPooling.MeanAuc([perfect], resamples: 200).Should().Match<ConfidenceInterval>(i => i.Estimate == 1 && i.Lower == 1 && i.Upper == 1);
    }

    // 40 patients, every second positive, positives higher by the separation on average.
    internal static SeedPredictions Scores(int seed, double separation, int noise)
    {
        var random = new Random(noise);
        string[] patients = Enumerable.Range(0, 40).Select(i => $"p{i:00}").ToArray();
        int[] labels = Enumerable.Range(0, 40).Select(i => i % 2).ToArray();
        double[] scores = labels.Select(l => l * separation + random.NextDouble() * 2).ToArray();
        return new SeedPredictions(seed, patients, labels, scores, scores.Select(s => s > separation / 2 + 1 ? 1 : 0).ToArray());
    }
}
