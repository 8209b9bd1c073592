using Wsp.Training;
using FluentAssertions;
using Wsp.Data.Synthetic;
using Wsp.Evaluation;
using Wsp.Samples.CirrhosisTraining;
using Wsp.Samples.CirrhosisTraining.Reporting;
using Wsp.Samples.Tests.Reporting;
using Xunit;

namespace Wsp.Samples.Tests;

public sealed class ExperimentRunnerTests
{
    [Fact]
    public async Task A_tiny_synthetic_run_evaluates_every_method_and_writes_every_file()
    {
        using var folder = new TemporaryDirectory();
        SampleOptions options = SampleOptions.Parse(new[]
        {
            "--weak-patients", "12", "--histology-patients", "16", "--size", "64", "--epochs", "2", "--batch", "8",
            "--folds", "2", "--finetune-epochs", "1", "--eval-slices", "3", "--methods", "none,wsp", "--output", folder.Path,
        })!;

        ExperimentResults results = await new ExperimentRunner(options).RunAsync();
        IReadOnlyList<string> files = ReportWriter.WriteAll(options, results);

        results.Results.Select(r => (r.Method, r.Evaluation)).Should().Equal(
            (PretrainingMethod.None, EvaluationProtocol.LinearProbe), (PretrainingMethod.None, EvaluationProtocol.FineTuning),
            (PretrainingMethod.Wsp, EvaluationProtocol.LinearProbe), (PretrainingMethod.Wsp, EvaluationProtocol.FineTuning));
        foreach (MethodResult result in results.Results)
        {
            result.Summary.Folds.Should().HaveCount(2);
            // Every fold's AUC is that of its test patients' predictions, and the summary is their mean.
            foreach (FoldMetrics fold in result.Summary.Folds)
            {
                var test = result.Predictions.Where(p => p.Fold == fold.Fold && p.IsTest).ToArray();
                fold.Auc.Should().Be(BinaryMetrics.RocAuc(test.Select(p => p.Label).ToArray(), test.Select(p => p.Probability).ToArray()));
            }
            result.Summary.AucMean.Should().BeApproximately(result.Summary.Folds.Average(f => f.Auc), 1e-12);
            // Each fold predicts all 16 patients; each patient is tested in exactly one fold.
            result.Predictions.Should().HaveCount(32);
            result.Predictions.Where(p => p.IsTest).Select(p => p.PatientId).Should().OnlyHaveUniqueItems().And.HaveCount(16);
        }
        results.TrainingLosses.Keys.Should().Equal("WSP");
        results.TrainingLosses["WSP"].Should().HaveCount(2).And.OnlyContain(loss => double.IsFinite(loss) && loss > 0);
        files.Should().OnlyContain(file => File.Exists(file));
        files.Select(Path.GetFileName).Should().Contain(new[] { "results.csv", "results.md", "roc-linear-probe.png", "roc-fine-tuning.png", "pretraining-loss.png" });
        File.ReadAllText(Path.Combine(folder.Path, "results.md")).Should().Contain("WSP").And.Contain("seed 1");

        // A rerun resumes the finished pretraining from its checkpoint and reproduces every number.
        ExperimentResults again = await new ExperimentRunner(options).RunAsync();
        again.TrainingLosses["WSP"].Should().Equal(results.TrainingLosses["WSP"]);
        again.Results.SelectMany(r => r.Predictions.Select(p => p.Probability))
            .Should().Equal(results.Results.SelectMany(r => r.Predictions.Select(p => p.Probability)));
    }

    [Fact]
    public async Task A_rerun_with_another_learning_rate_is_refused_rather_than_resumed()
    {
        using var folder = new TemporaryDirectory();
        string[] common = ["--weak-patients", "10", "--histology-patients", "12", "--size", "32", "--epochs", "1", "--batch", "4",
            "--folds", "2", "--finetune-epochs", "1", "--eval-slices", "2", "--methods", "wsp", "--output", folder.Path];
        await new ExperimentRunner(SampleOptions.Parse(common)!).RunAsync();

        var other = SampleOptions.Parse(common.Concat(new[] { "--lr", "1e-3" }).ToArray())!;
        await FluentActions.Awaiting(() => new ExperimentRunner(other).RunAsync())
            .Should().ThrowAsync<InvalidDataException>().WithMessage("*other settings*0.0003*0.001*");
    }

    [Fact]
    public async Task Tables_in_the_authors_format_run_as_real_data()
    {
        using var folder = new TemporaryDirectory();
        SyntheticCohort cohort = SyntheticCohortGenerator.Generate(folder.File("volumes"), new SyntheticCohortOptions
        {
            WeakPatients = 10, HistologyPatients = 12, Width = 64, Height = 64, Slices = 16, StageProbabilities = new[] { 0.3, 0.1, 0.1, 0.1, 0.4 },
        });
        string[] lines = File.ReadAllLines(cohort.AuthorsCsvPath);
        // The authors' tables: one for the histology patients, one for the weakly labelled ones (empty label).
        File.WriteAllLines(folder.File("histology.csv"), lines.Take(1).Concat(lines.Skip(1).Where(l => !l.EndsWith(','))));
        File.WriteAllLines(folder.File("weak.csv"), lines.Take(1).Concat(lines.Skip(1).Where(l => l.EndsWith(','))));
        SampleOptions options = SampleOptions.Parse(new[]
        {
            "--histology-table", folder.File("histology.csv"), "--histology-images", cohort.Folder,
            "--weak-table", folder.File("weak.csv"), "--weak-images", cohort.Folder,
            "--size", "64", "--epochs", "1", "--batch", "8", "--folds", "2", "--finetune-epochs", "1", "--eval-slices", "2",
            "--methods", "none,simclr", "--output", folder.File("out"),
        })!;

        ExperimentResults results = await new ExperimentRunner(options).RunAsync();

        results.Cohort.Should().StartWith("real data: 12 histology patients");
        results.Results.Should().HaveCount(4).And.OnlyContain(r => r.Predictions.Count == 24);
        results.TrainingLosses.Keys.Should().Equal("SimCLR");
    }

    [Fact]
    public async Task Real_data_with_a_missing_volume_name_the_file()
    {
        using var folder = new TemporaryDirectory();
        string table = folder.File("histology.csv");
        File.WriteAllText(table, ",subject,score,class,label\n0,missing.nii.gz,F4,2,1\n");
        SampleOptions options = SampleOptions.Parse(new[] { "--histology-table", table, "--histology-images", folder.Path, "--methods", "none", "--output", folder.File("out") })!;

        await FluentActions.Awaiting(() => new ExperimentRunner(options).RunAsync())
            .Should().ThrowAsync<FileNotFoundException>().WithMessage("*missing.nii.gz*");
    }

    [Fact]
    public async Task A_header_only_table_is_refused_in_the_users_terms()
    {
        using var folder = new TemporaryDirectory();
        string table = folder.File("histology.csv");
        File.WriteAllText(table, ",subject,score,class,label\n");
        SampleOptions options = SampleOptions.Parse(new[] { "--histology-table", table, "--histology-images", folder.Path, "--methods", "none", "--output", folder.File("out") })!;

        await FluentActions.Awaiting(() => new ExperimentRunner(options).RunAsync())
            .Should().ThrowAsync<ArgumentException>().WithMessage($"*{table}*no subject*");
    }
}
