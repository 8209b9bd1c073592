using Wsp.Training;
using FluentAssertions;
using Wsp.Training.Encoders;
using Wsp.Samples.CirrhosisTraining;
using Xunit;

namespace Wsp.Samples.Tests;

public sealed class SampleOptionsTests
{
    [Fact]
    public void No_arguments_give_the_synthetic_defaults()
    {
        SampleOptions options = SampleOptions.Parse(Array.Empty<string>())!;

        options.UsesRealData.Should().BeFalse();
        options.EffectiveSize.Should().Be(64);
        options.Methods.Should().Equal(PretrainingMethods.All);
        options.Folds.Should().Be(5);
    }

    [Fact]
    public void Options_are_read()
    {
        SampleOptions options = SampleOptions.Parse(new[]
        {
            "--seed", "7", "--size", "96", "--epochs", "3", "--encoder", "resnet18", "--methods", "wsp,none", "--lr", "0.0005", "--output", "out",
        })!;

        options.Seed.Should().Be(7);
        options.EffectiveSize.Should().Be(96);
        options.Epochs.Should().Be(3);
        options.Encoder.Should().Be(EncoderArchitecture.ResNet18);
        options.Methods.Should().Equal(PretrainingMethod.None, PretrainingMethod.Wsp);
        options.LearningRate.Should().Be(0.0005);
        options.OutputDirectory.Should().Be("out");
    }

    [Fact]
    public void Real_data_default_to_512_pixels() =>
        SampleOptions.Parse(new[] { "--histology-table", "t.csv", "--histology-images", "v", "--methods", "none" })!.EffectiveSize.Should().Be(512);

    [Fact]
    public void Help_returns_null() => SampleOptions.Parse(new[] { "--help" }).Should().BeNull();

    [Theory]
    [InlineData("--epochs", "0", "--epochs needs an integer of at least 1, not '0'.")]
    [InlineData("--lr", "-1", "--lr needs a positive number, not '-1'.")]
    [InlineData("--encoder", "vgg", "--encoder must be tinynet or resnet18, not 'vgg'.")]
    [InlineData("--methods", "byol", "Unknown method 'byol'; use none, simclr, supcon, yaware or wsp.")]
    [InlineData("--colour", "red", "Unknown option --colour; see --help.")]
    [InlineData("--device", "tpu", "--device must be cpu or cuda, not 'tpu'.")]
    public void Bad_values_are_named(string name, string value, string message) =>
        FluentActions.Invoking(() => SampleOptions.Parse(new[] { name, value }))
            .Should().Throw<ArgumentException>().Which.Message.Should().Be(message);

    [Fact]
    public void A_missing_value_is_named() =>
        FluentActions.Invoking(() => SampleOptions.Parse(new[] { "--seed" }))
            .Should().Throw<ArgumentException>().WithMessage("Option --seed needs a value.");

    [Fact]
    public void Real_data_without_images_are_refused() =>
        FluentActions.Invoking(() => SampleOptions.Parse(new[] { "--histology-table", "t.csv" }))
            .Should().Throw<ArgumentException>().WithMessage("Real data need both --histology-table and --histology-images.");

    [Fact]
    public void Pretraining_on_real_data_needs_a_weak_cohort() =>
        FluentActions.Invoking(() => SampleOptions.Parse(new[] { "--histology-table", "t.csv", "--histology-images", "v" }))
            .Should().Throw<ArgumentException>().WithMessage("Pretraining on real data needs a weakly labelled cohort*");

    [Fact]
    public void A_batch_larger_than_the_cohort_is_refused() =>
        FluentActions.Invoking(() => SampleOptions.Parse(new[] { "--weak-patients", "10", "--batch", "16" }))
            .Should().Throw<ArgumentException>().WithMessage("--batch 16 is larger than the 10 weakly labelled patients.");

    [Theory]
    [InlineData("--size", "16", "--size needs an integer of at least 32, not '16'.")]
    [InlineData("--threads", "100000", "--threads 100000 is more than the * cores of this machine.")]
    public void Values_the_encoder_or_the_machine_cannot_take_are_refused_before_training(string name, string value, string message) =>
        FluentActions.Invoking(() => SampleOptions.Parse(new[] { name, value }))
            .Should().Throw<ArgumentException>().WithMessage(message);

    [Fact]
    public void An_output_path_that_is_a_file_is_refused_in_the_users_terms()
    {
        string file = Path.GetTempFileName();
        try
        {
            FluentActions.Invoking(() => SampleOptions.Parse(new[] { "--output", file }))
                .Should().Throw<ArgumentException>().WithMessage($"--output {file} is a file; the results need a folder there.");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_weak_reading_error_rate_of_zero_is_accepted() =>
        SampleOptions.Parse(new[] { "--weak-noise", "0" })!.WeakLabelNoise.Should().Be(0);

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("none")]
    public void A_weak_reading_error_rate_outside_0_to_1_is_named(string value) =>
        FluentActions.Invoking(() => SampleOptions.Parse(new[] { "--weak-noise", value }))
            .Should().Throw<ArgumentException>().WithMessage($"--weak-noise needs a probability in [0, 1], not '{value}'.");
}
