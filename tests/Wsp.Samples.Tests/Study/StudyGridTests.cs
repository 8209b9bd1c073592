using FluentAssertions;
using Wsp.Samples.CirrhosisStudy;
using Xunit;

namespace Wsp.Samples.Tests.Study;

public sealed class StudyGridTests
{
    [Fact]
    public void The_grid_runs_seed_by_seed_with_the_sigma_column_last()
    {
        IReadOnlyList<StudyCell> cells = StudyGrid.Cells();

        cells.Should().HaveCount(16);
        cells.Take(15).Select(c => (c.Seed, c.WeakLabelNoise)).Should().Equal(
            from seed in new[] { 1, 2, 3, 4, 5 } from rate in new[] { 0, 0.25, 0.5 } select (seed, rate));
        cells.Take(15).Should().OnlyContain(c => c.Sigma == 0.1);
        cells[^1].Should().Be(new StudyCell(0.25, 1, 0.85));
        cells.Select(c => c.Name).Should().OnlyHaveUniqueItems();
        cells[0].Name.Should().Be("noise-0-seed-1");
        cells[^1].Name.Should().Be("noise-0.25-seed-1-sigma-0.85");
    }

    [Fact]
    public void Chosen_seeds_keep_the_sigma_column_only_with_seed_1() =>
        StudyGrid.Cells([2, 3]).Select(c => c.Name).Should().Equal(
            "noise-0-seed-2", "noise-0.25-seed-2", "noise-0.5-seed-2", "noise-0-seed-3", "noise-0.25-seed-3", "noise-0.5-seed-3");

    [Fact]
    public void A_cell_runs_the_sample_with_its_own_error_rate_seed_sigma_and_folder()
    {
        var runner = new StudyRunner(new StudyOptions { OutputDirectory = "out", Threads = 1 }, TextWriter.Null);

        var options = runner.CellOptions(new StudyCell(0, 3, 0.85));

        options.WeakLabelNoise.Should().Be(0);
        options.Seed.Should().Be(3);
        options.Sigma.Should().Be(0.85);
        options.FineTune.Should().BeFalse();
        options.Threads.Should().Be(1);
        options.OutputDirectory.Should().Be(Path.Combine("out", "noise-0-seed-3-sigma-0.85"));
        options.Epochs.Should().Be(new Wsp.Samples.CirrhosisTraining.SampleOptions().Epochs);
    }

    [Theory]
    [InlineData("--seeds", "0", "--seeds needs a positive integer, not '0'.")]
    [InlineData("--protocols", "all", "--protocols must be probe or both, not 'all'.")]
    [InlineData("--folds", "3", "Unknown option --folds; see --help.")]
    public void Bad_study_options_are_named(string name, string value, string message) =>
        FluentActions.Invoking(() => StudyOptions.Parse([name, value])).Should().Throw<ArgumentException>().WithMessage(message);

    [Fact]
    public void Study_options_are_read()
    {
        StudyOptions options = StudyOptions.Parse(["--seeds", "2,4", "--protocols", "both", "--report-only", "--runs", "r"])!;

        options.Seeds.Should().Equal(2, 4);
        options.FineTune.Should().BeTrue();
        options.ReportOnly.Should().BeTrue();
        options.RunsDirectory.Should().Be("r");
    }
}
