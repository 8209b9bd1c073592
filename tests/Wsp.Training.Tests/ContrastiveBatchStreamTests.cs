using Wsp.Data.Loading;
using Wsp.Data.Sampling;
using Wsp.Data.Synthetic;
using Wsp.Data.Volumes;
using TorchSharp;
using static TorchSharp.torch;

namespace Wsp.Training.Tests;

public sealed class ContrastiveBatchStreamTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-stream-").FullName;
    private readonly SliceCohort _cohort;

    public ContrastiveBatchStreamTests()
    {
        SyntheticCohort generated = SyntheticCohortGenerator.Generate(_folder, new SyntheticCohortOptions
        {
            WeakPatients = 8, HistologyPatients = 0, Width = 48, Height = 48, Slices = 10,
        });
        _cohort = new SliceCohort(generated.Subjects, new VolumeSlicer(new CentralFractionSelection(0.7), IntensityMapping.SoftTissueWindow, 32));
    }

    private ContrastiveBatchStream Stream(int seed = 1) =>
        new(_cohort.Loader, new PatientBatchSampler(_cohort.Loader.WeakLabels, _cohort.SliceCounts, batchSize: 4, seed: 3), CPU, seed);

    // Copies of every batch, since the stream disposes each batch when the next is requested.
    private static async Task<List<(float[] A, float[] B, long[] Labels, double[] Positions)>> Read(IAsyncEnumerable<ContrastiveBatch> batches)
    {
        var read = new List<(float[], float[], long[], double[])>();
        await foreach (ContrastiveBatch batch in batches)
        {
            batch.ViewA.shape.Should().Equal(4, 1, 32, 32);
            batch.ViewA.device_type.Should().Be(DeviceType.CPU);
            read.Add((batch.ViewA.data<float>().ToArray(), batch.ViewB.data<float>().ToArray(),
                batch.Attributes!.WeakLabels!.data<long>().ToArray(), batch.Attributes.Positions!.data<double>().ToArray()));
        }
        return read;
    }

    [Fact]
    public async Task Epoch_IsTheSameOnEveryCall_AndOtherEpochsDiffer()
    {
        var first = await Read(Stream().Epoch(1));
        var again = await Read(Stream().Epoch(1));
        var next = await Read(Stream().Epoch(2));

        first.Should().HaveCount(2, "8 patients in batches of 4");
        first.Zip(again).Should().OnlyContain(p => p.First.A.SequenceEqual(p.Second.A) && p.First.B.SequenceEqual(p.Second.B));
        first[0].A.SequenceEqual(next[0].A).Should().BeFalse("another epoch draws other slices and views");
        first[0].A.SequenceEqual(first[0].B).Should().BeFalse("the two views are augmented independently");
    }

    [Fact]
    public async Task Attributes_AreTheSlicesWeakLabelsAndPositions()
    {
        var batches = await Read(Stream().Epoch(0));

        batches.SelectMany(b => b.Labels).Should().OnlyContain(l => l >= 0 && l <= 2);
        batches.SelectMany(b => b.Positions).Should().OnlyContain(p => p >= 0 && p < 1);
    }

    [Fact]
    public async Task Validation_IsFixed_AndNotTrainingEpochZero()
    {
        var validation = await Read(Stream().Validation());
        var again = await Read(Stream().Validation());
        var epochZero = await Read(Stream().Epoch(0));

        validation.Zip(again).Should().OnlyContain(p => p.First.A.SequenceEqual(p.Second.A));
        validation.Zip(epochZero).Select(p => p.First.Labels.SequenceEqual(p.Second.Labels)).Should().OnlyContain(same => same,
            "the same sampler epoch");
        validation[0].A.SequenceEqual(epochZero[0].A).Should().BeFalse("its views come from their own augmentation seed");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
