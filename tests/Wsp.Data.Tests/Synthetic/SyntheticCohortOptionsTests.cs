using Wsp.Data.Synthetic;

namespace Wsp.Data.Tests.Synthetic;

public sealed class SyntheticCohortOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        var options = new SyntheticCohortOptions();
        options.Invoking(o => o.Validate()).Should().NotThrow();
        options.TotalPatients.Should().Be(300);
        (options.Width, options.Height, options.Slices).Should().Be((128, 128, 48));
    }

    public static TheoryData<Action<SyntheticCohortOptions>, string> Invalid => new()
    {
        { o => o.WeakPatients = -1, nameof(SyntheticCohortOptions.WeakPatients) },
        { o => o.HistologyPatients = -1, nameof(SyntheticCohortOptions.HistologyPatients) },
        { o => (o.WeakPatients, o.HistologyPatients) = (0, 0), nameof(SyntheticCohortOptions.HistologyPatients) },
        { o => o.Width = 8, nameof(SyntheticCohortOptions.Width) },
        { o => o.Height = 4096, nameof(SyntheticCohortOptions.Height) },
        { o => o.Slices = 2, nameof(SyntheticCohortOptions.Slices) },
        { o => o.PixelSpacing = 0, nameof(SyntheticCohortOptions.PixelSpacing) },
        { o => o.SliceSpacing = double.NaN, nameof(SyntheticCohortOptions.SliceSpacing) },
        { o => o.WeakLabelNoise = 1.5, nameof(SyntheticCohortOptions.WeakLabelNoise) },
        { o => o.StageProbabilities = new[] { 0.5, 0.5 }, nameof(SyntheticCohortOptions.StageProbabilities) },
        { o => o.StageProbabilities = new[] { 0.5, -0.1, 0, 0, 0.6 }, nameof(SyntheticCohortOptions.StageProbabilities) },
        { o => o.StageProbabilities = new double[5], nameof(SyntheticCohortOptions.StageProbabilities) },
        { o => o.NoiseStandardDeviation = -1, nameof(SyntheticCohortOptions.NoiseStandardDeviation) },
        { o => o.MaxDegreeOfParallelism = 0, nameof(SyntheticCohortOptions.MaxDegreeOfParallelism) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_OutOfRange_ThrowsNamingTheSetting(Action<SyntheticCohortOptions> spoil, string setting)
    {
        var options = new SyntheticCohortOptions();
        spoil(options);
        options.Invoking(o => o.Validate()).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(setting);
    }

    [Fact]
    public void Clone_LaterChanges_DoNotReachTheCopy()
    {
        var options = new SyntheticCohortOptions { Seed = 7, StageProbabilities = new[] { 1.0, 0, 0, 0, 0 } };
        SyntheticCohortOptions copy = options.Clone();
        options.Seed = 8;
        ((double[])options.StageProbabilities)[4] = 1;
        copy.Seed.Should().Be(7);
        copy.StageProbabilities.Should().Equal(1.0, 0, 0, 0, 0);
    }
}
