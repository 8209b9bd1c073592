using Wsp.Data.Loading;
using Wsp.Data.Nifti;
using Wsp.Data.Sampling;
using Wsp.Data.Subjects;
using Wsp.Data.Volumes;

namespace Wsp.Data.Tests.Loading;

public sealed class SliceLoaderTests : IDisposable
{
    private const int Side = 16, Slices = 10, Patients = 6;
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-loader-").FullName;

    // Patient p, slice k holds the constant (10 p + k) / 250 after the authors' scaling.
    private SubjectTable Cohort(int brokenPatient = -1)
    {
        var subjects = new List<Subject>();
        for (int p = 0; p < Patients; p++)
        {
            string path = Path.Combine(_folder, $"p{p}.nii.gz");
            float[] voxels = Enumerable.Range(0, Side * Side * Slices).Select(i => (float)(10 * p + i / (Side * Side))).ToArray();
            NiftiWriter.Write(path, voxels, new long[] { Side, Side, Slices });
            if (p == brokenPatient)
                File.WriteAllBytes(path, File.ReadAllBytes(path)[..200]);
            subjects.Add(new Subject($"p{p}", path, p % 2, p < 3 ? 1 : null, null));
        }
        return new SubjectTable(subjects);
    }

    private static VolumeSlicer Slicer() => new(new CentralFractionSelection(), IntensityMapping.Authors, size: Side);

    [Fact]
    public async Task Batches_CarryTheRequestedSlicesAndTheirAttributes()
    {
        var loader = new SliceLoader(Cohort(), Slicer());
        IReadOnlyList<int> counts = loader.CountSlices();
        counts.Should().AllBeEquivalentTo(7);
        var sampler = new PatientBatchSampler(loader.WeakLabels, counts, batchSize: 4, seed: 1, batchesPerEpoch: 5);

        var expected = sampler.Epoch(0).ToList();
        int b = 0;
        await foreach (SliceBatch batch in loader.ReadAsync(sampler.Epoch(0)))
        {
            using (batch)
            {
                batch.Images.shape.Should().Equal(4, 1, Side, Side);
                for (int i = 0; i < 4; i++)
                {
                    SliceReference reference = expected[b][i];
                    float expectedValue = (10 * reference.Patient + reference.Slice + 1) / 250f; // slice k of the kept ones is volume slice k + 1
                    batch.Images[i].mean().item<float>().Should().BeApproximately(expectedValue, 1e-6f);
                    batch.SubjectIds[i].Should().Be($"p{reference.Patient}");
                    batch.WeakLabels[i].item<long>().Should().Be(reference.Patient % 2);
                    batch.StrongLabels[i].item<long>().Should().Be(reference.Patient < 3 ? 1 : -1);
                    batch.Positions[i].item<double>().Should().Be(reference.Slice / 7.0);
                }
            }
            b++;
        }
        b.Should().Be(5);
    }

    [Fact]
    public async Task CohortCountedInsideACallersDisposeScope_StaysReadableAfterIt()
    {
        var loader = new SliceLoader(Cohort(), Slicer());
        using (TorchSharp.torch.NewDisposeScope())
            loader.CountSlices();

        await foreach (SliceBatch batch in loader.ReadAsync([[new SliceReference(5, 2)]]))
            using (batch)
                batch.Images.mean().item<float>().Should().BeApproximately((10 * 5 + 2 + 1) / 250f, 1e-6f);
    }

    [Fact]
    public async Task EvictionWhileOtherWorkersCopy_NeverCorruptsASlice()
    {
        // A cache that holds one stack, four workers and batches that mix every patient: stacks are evicted while
        // other workers still copy from them, which must not free them under the copy.
        long oneSubject = 7L * Side * Side * sizeof(float);
        var loader = new SliceLoader(Cohort(), Slicer(), new SliceLoaderOptions { CacheBudgetBytes = oneSubject, Workers = 4, QueueCapacity = 8 });
        var references = Enumerable.Range(0, 240).Select(i => new SliceReference(i % Patients, i / Patients % 7)).Chunk(6).ToList();

        int batches = 0;
        await foreach (SliceBatch batch in loader.ReadAsync(references))
        {
            using (batch)
            {
                float[] pixels = batch.Images.data<float>().ToArray();
                for (int i = 0; i < batch.Count; i++)
                {
                    SliceReference reference = references[batches][i];
                    float expected = (10 * reference.Patient + reference.Slice + 1) / 250f;
                    pixels.AsSpan(i * Side * Side, Side * Side).ToArray().Should().OnlyContain(v => Math.Abs(v - expected) < 1e-6f,
                        $"batch {batches}, slice {i} is patient {reference.Patient}'s slice {reference.Slice}");
                }
            }
            batches++;
        }
        batches.Should().Be(40);
        loader.VolumeLoads.Should().BeGreaterThan(Patients, "the one-stack cache evicts and reloads");
        loader.CachedBytes.Should().BeLessThanOrEqualTo(oneSubject);
    }

    [Fact]
    public async Task CacheBudget_IsNeverExceeded_AndEvictionReloads()
    {
        long oneSubject = 7L * Side * Side * sizeof(float);
        var loader = new SliceLoader(Cohort(), Slicer(), new SliceLoaderOptions { CacheBudgetBytes = 2 * oneSubject, Workers = 2 });
        var batches = EvaluationSampler.Batches(Enumerable.Repeat(7, Patients).ToArray(), batchSize: 3).ToList();

        long peak = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            await foreach (SliceBatch batch in loader.ReadAsync(batches))
            {
                batch.Dispose();
                peak = Math.Max(peak, loader.CachedBytes);
            }
        }

        peak.Should().BeLessThanOrEqualTo(2 * oneSubject);
        loader.VolumeLoads.Should().BeGreaterThan(Patients, "subjects evicted in the first pass are decoded again");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(2L * 4 * Side * Side * sizeof(float))]
    public async Task InFlightBudget_BoundsTheBatchesPreparedAndHeld(long? budget)
    {
        long batchBytes = 4L * Side * Side * sizeof(float);
        var loader = new SliceLoader(Cohort(), Slicer(), new SliceLoaderOptions { MaxInFlightBytes = budget, QueueCapacity = 4, Workers = 2 });
        var batches = Enumerable.Range(0, 12).Select(b => Enumerable.Range(0, 4).Select(i => new SliceReference((b + i) % Patients, i)).ToArray()).ToList();

        int pulled = 0;
        IEnumerable<SliceReference[]> Counted()
        {
            foreach (SliceReference[] batch in batches)
            {
                Interlocked.Increment(ref pulled);
                yield return batch;
            }
        }

        int delivered = 0;
        await foreach (SliceBatch batch in loader.ReadAsync(Counted()))
        {
            // The consumer holds each batch until the loader has run ahead as far as it may: with a budget, until
            // the next batch is reserved (the budget is full) and the one after is taken and waits; without one,
            // until more than two batches are in flight. Conditions, not delays: nothing depends on timing.
            if (budget is { } full)
            {
                int next = delivered + 1;
                if (next < batches.Count)
                    await WaitUntil(() => loader.InFlightBytes >= full && Volatile.Read(ref pulled) >= Math.Min(next + 2, batches.Count), "the budget to fill");
            }
            else if (delivered == 0)
            {
                await WaitUntil(() => loader.InFlightBytes > 2 * batchBytes, "the loader to run more than two batches ahead");
            }
            batch.Dispose();
            delivered++;
        }

        delivered.Should().Be(12);
        loader.InFlightBytes.Should().Be(0, "every delivered batch was disposed");
        if (budget is { } limit)
            loader.PeakInFlightBytes.Should().Be(limit, "the budget fills and is never exceeded");
        else
            loader.PeakInFlightBytes.Should().BeGreaterThan(2 * batchBytes, "without a budget the queue and the workers run ahead");
    }

    [Fact]
    public async Task InFlightBudget_SmallerThanABatch_IsRefusedByName()
    {
        var loader = new SliceLoader(Cohort(), Slicer(), new SliceLoaderOptions { MaxInFlightBytes = 1000 });
        var batches = new[] { Enumerable.Range(0, 4).Select(i => new SliceReference(i, 0)).ToArray() };

        Func<Task> read = async () =>
        {
            await foreach (SliceBatch batch in loader.ReadAsync(batches))
                batch.Dispose();
        };

        (await read.Should().ThrowAsync<ArgumentException>()).WithMessage("A batch of 4 slices of 16 x 16 needs 4096 bytes, more than MaxInFlightBytes (1000).*");
    }

    [Fact]
    public async Task LargeBudget_DecodesEachSubjectOnce()
    {
        var loader = new SliceLoader(Cohort(), Slicer());
        var batches = EvaluationSampler.Batches(Enumerable.Repeat(7, Patients).ToArray(), batchSize: 5).ToList();
        for (int pass = 0; pass < 2; pass++)
            await foreach (SliceBatch batch in loader.ReadAsync(batches))
                batch.Dispose();
        loader.VolumeLoads.Should().Be(Patients);
    }

    [Fact]
    public async Task WorkerError_ReachesTheConsumerNamingSubjectAndFile()
    {
        var loader = new SliceLoader(Cohort(brokenPatient: 4), Slicer());
        var batches = new[] { new[] { new SliceReference(0, 0) }, new[] { new SliceReference(4, 0) } };

        Func<Task> read = async () =>
        {
            await foreach (SliceBatch batch in loader.ReadAsync(batches))
                batch.Dispose();
        };

        (await read.Should().ThrowAsync<InvalidDataException>()).WithMessage("*'p4'*p4.nii.gz*");
    }

    [Fact]
    public async Task Cancellation_StopsTheEnumeration()
    {
        var loader = new SliceLoader(Cohort(), Slicer());
        var batches = Enumerable.Range(0, 1000).Select(i => new[] { new SliceReference(i % Patients, i % 7) });
        using var cancel = new CancellationTokenSource();
        int seen = 0;

        Func<Task> read = async () =>
        {
            await foreach (SliceBatch batch in loader.ReadAsync(batches, cancel.Token))
            {
                batch.Dispose();
                if (++seen == 3) await cancel.CancelAsync();
            }
        };

        await read.Should().ThrowAsync<OperationCanceledException>();
        seen.Should().Be(3);
    }

    [Fact]
    public async Task EarlyBreak_ReturnsWithoutHanging_AndStopsTheWorkers()
    {
        // No cache: every batch decodes its volume, so VolumeLoads counts the batches the workers prepared.
        var options = new SliceLoaderOptions { QueueCapacity = 2, Workers = 2, CacheBudgetBytes = 0 };
        var loader = new SliceLoader(Cohort(), Slicer(), options);
        var batches = Enumerable.Range(0, 100).Select(i => new[] { new SliceReference(i % Patients, 0) });

        async Task ReadOne()
        {
            await foreach (SliceBatch batch in loader.ReadAsync(batches))
            {
                batch.Dispose();
                break;
            }
        }
        await ReadOne().WaitAsync(TimeSpan.FromSeconds(60)); // a hang fails here instead of stalling the run

        // The delivered batch, the queue, the batch being handed over and one per worker, at most; 100 if the workers went on.
        loader.VolumeLoads.Should().BeInRange(1, 1 + options.QueueCapacity + 1 + options.Workers);
    }

    [Fact]
    public void CountSlices_BrokenVolume_IsOneExceptionNamingSubjectAndFile()
    {
        var loader = new SliceLoader(Cohort(brokenPatient: 4), Slicer(), new SliceLoaderOptions { Workers = 3 });

        // Record.Exception, not Should().Throw: FluentAssertions looks inside an AggregateException.
        Exception? error = Record.Exception(() => loader.CountSlices());
        error.Should().BeOfType<InvalidDataException>().Which.Message.Should().Match("Subject 'p4' (*p4.nii.gz): *p4.nii.gz*");
        error!.InnerException.Should().BeOfType<NiftiFormatException>();
    }

    [Fact]
    public void EmptyCohort_IsRefusedNamingTheTable()
    {
        string csv = Path.Combine(_folder, "empty.csv");
        File.WriteAllText(csv, "subject,file,weak_label\n");
        SubjectTable empty = SubjectTable.ReadPlainFormat(csv);

        Action create = () => _ = new SliceLoader(empty, Slicer());
        create.Should().Throw<ArgumentException>().WithMessage("*empty.csv*no subjects*");
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException($"Waited 60 s for {what}.");
            await Task.Delay(1);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
