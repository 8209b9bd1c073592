using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Wsp.Data.Sampling;
using Wsp.Data.Subjects;
using Wsp.Data.Volumes;
using static TorchSharp.torch;

namespace Wsp.Data.Loading;

/// <summary>
/// Loads batches of slices for a cohort on background workers: each volume is decoded, reoriented,
/// selected and resampled once (<see cref="VolumeSlicer"/>) into a cache bounded in bytes, and batches are
/// collated ahead of the consumer into a bounded queue, in the order the batches are given. A failure to
/// read a subject reaches the consumer as one <see cref="InvalidDataException"/> naming the subject, the
/// file and the reason (the original error is its inner exception).
/// </summary>
public sealed class SliceLoader
{
    private readonly SubjectTable _cohort;
    private readonly VolumeSlicer _slicer;
    private readonly SliceLoaderOptions _options;
    private readonly SliceStackCache _cache;
    private readonly ByteBudget _inFlight;
    private int[]? _sliceCounts;

    /// <summary>Creates the loader.</summary>
    /// <param name="cohort">The subjects; batch references index into <see cref="SubjectTable.Subjects"/>.</param>
    /// <param name="slicer">How volumes become slices.</param>
    /// <param name="options">Workers, queue and cache budget.</param>
    /// <exception cref="ArgumentException"><paramref name="cohort"/> has no subjects (e.g. a table with a header and no rows).</exception>
    public SliceLoader(SubjectTable cohort, VolumeSlicer slicer, SliceLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(slicer);
        if (cohort.Subjects.Count == 0)
            throw new ArgumentException($"{cohort.Source}: the cohort has no subjects; a loader needs at least one.", nameof(cohort));
        _options = options?.Clone() ?? new SliceLoaderOptions();
        _options.Validate();
        _cohort = cohort;
        _slicer = slicer;
        _cache = new SliceStackCache(LoadSubject, _options.CacheBudgetBytes);
        _inFlight = new ByteBudget(_options.MaxInFlightBytes ?? long.MaxValue);
    }

    /// <summary>How volumes become slices.</summary>
    public VolumeSlicer Slicer => _slicer;

    /// <summary>The cohort's subjects.</summary>
    public IReadOnlyList<Subject> Subjects => _cohort.Subjects;

    /// <summary>Bytes of processed slices held by the cache now (never above the budget).</summary>
    public long CachedBytes => _cache.Bytes;

    /// <summary>Image bytes of the batches collated and not yet disposed, over every enumeration of this loader.</summary>
    public long InFlightBytes => _inFlight.Reserved;

    /// <summary>The most <see cref="InFlightBytes"/> ever reached (recorded at each reservation, not sampled); never above <see cref="SliceLoaderOptions.MaxInFlightBytes"/>.</summary>
    public long PeakInFlightBytes => _inFlight.Peak;

    /// <summary>How many times a subject was decoded (cache misses).</summary>
    public int VolumeLoads => _cache.Loads;

    /// <summary>Weak label of each subject (-1 where unknown), for the samplers.</summary>
    public IReadOnlyList<int> WeakLabels => _cohort.Subjects.Select(s => s.WeakLabel ?? -1).ToArray();

    /// <summary>
    /// Kept slices of each subject. Computed once; this decodes every volume (on the workers), filling
    /// the cache as far as its budget allows.
    /// </summary>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <exception cref="InvalidDataException">A subject cannot be read: the first such subject in table order
    /// among those scanned (one exception, not an <see cref="AggregateException"/>).</exception>
    public IReadOnlyList<int> CountSlices(CancellationToken cancellationToken = default)
    {
        if (_sliceCounts is not null) return _sliceCounts;
        var counts = new int[_cohort.Subjects.Count];
        var failures = new Exception?[counts.Length];
        Parallel.For(0, counts.Length, new ParallelOptions { MaxDegreeOfParallelism = _options.Workers, CancellationToken = cancellationToken },
            (patient, loop) =>
            {
                try
                {
                    CachedSlices slices = _cache.Get(patient);
                    counts[patient] = slices.Count;
                    slices.Release();
                }
#pragma warning disable CA1031 // not swallowed: rethrown below, alone, instead of inside an AggregateException
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    failures[patient] = e;
                    loop.Stop();
                }
            });
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
            ExceptionDispatchInfo.Throw(failure);
        return _sliceCounts = counts;
    }

    /// <summary>Yields the collated batches for <paramref name="batches"/>, prepared ahead on the workers.</summary>
    /// <param name="batches">Slice references, e.g. from <see cref="PatientBatchSampler.Epoch"/>.</param>
    /// <param name="cancellationToken">Stops the workers and the enumeration.</param>
    public async IAsyncEnumerable<SliceBatch> ReadAsync(IEnumerable<SliceReference[]> batches, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<Task<SliceBatch>>(new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true, SingleWriter = true });
        using var workers = new SemaphoreSlim(_options.Workers);
        // Batches started and not yet handed to the consumer, oldest first (the dispatcher is the only writer).
        var undelivered = new Queue<Task<SliceBatch>>();
        Task dispatcher = Task.Run(async () =>
        {
            try
            {
                foreach (SliceReference[] batch in batches)
                {
                    long bytes = (long)batch.Length * _slicer.Size * _slicer.Size * sizeof(float);
                    if (bytes > _inFlight.Capacity)
                    {
                        // Delivered in order, as a failed batch, so the consumer sees it where it would have come.
                        var refused = new ArgumentException($"A batch of {batch.Length} slices of {_slicer.Size} x {_slicer.Size} needs {bytes} bytes, more than {nameof(SliceLoaderOptions.MaxInFlightBytes)} ({_inFlight.Capacity}).", nameof(batches));
                        await queue.Writer.WriteAsync(Task.FromException<SliceBatch>(refused), stop.Token).ConfigureAwait(false);
                        break;
                    }
                    await _inFlight.ReserveAsync(bytes, stop.Token).ConfigureAwait(false);
                    try
                    {
                        await workers.WaitAsync(stop.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        _inFlight.Release(bytes);
                        throw;
                    }
                    Task<SliceBatch> work = Task.Run(() =>
                    {
                        try { return Collate(batch, bytes); }
                        finally { workers.Release(); }
                    }, CancellationToken.None);
                    lock (undelivered) undelivered.Enqueue(work);
                    await queue.Writer.WriteAsync(work, stop.Token).ConfigureAwait(false);
                }
                queue.Writer.Complete();
            }
            catch (Exception e)
            {
                queue.Writer.Complete(e is OperationCanceledException ? null : e);
            }
        }, CancellationToken.None);

        try
        {
            await foreach (Task<SliceBatch> work in queue.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                SliceBatch batch = await work.ConfigureAwait(false);
                lock (undelivered) undelivered.Dequeue();
                if (stop.Token.IsCancellationRequested)
                {
                    batch.Dispose();
                    stop.Token.ThrowIfCancellationRequested();
                }
                yield return batch;
            }
            await dispatcher.ConfigureAwait(false);
            stop.Token.ThrowIfCancellationRequested();
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await dispatcher.ConfigureAwait(false);
            // Wait for every worker before the semaphore goes, and release batches never delivered.
            Task<SliceBatch>[] remaining;
            lock (undelivered) remaining = undelivered.ToArray();
            foreach (Task<SliceBatch> pending in remaining)
            {
                try
                {
                    (await pending.ConfigureAwait(false)).Dispose();
                }
#pragma warning disable CA1031 // the consumer has already stopped or failed; a second error has nowhere to go
                catch (Exception)
                {
                }
#pragma warning restore CA1031
            }
        }
    }

    private SliceBatch Collate(SliceReference[] references, long bytes)
    {
        SliceBatch batch;
        try
        {
            batch = Collate(references);
        }
        catch
        {
            _inFlight.Release(bytes);
            throw;
        }
        batch.OnDisposed(() => _inFlight.Release(bytes));
        return batch;
    }

    private SliceBatch Collate(SliceReference[] references)
    {
        int side = _slicer.Size;
        int pixels = side * side;
        // Collated straight into native memory (a 64 x 512 x 512 batch is 64 MB).
        Tensor images = empty(references.Length, 1, side, side);
        var weak = new long[references.Length];
        var strong = new long[references.Length];
        var positions = new double[references.Length];
        var patients = new long[references.Length];
        var ids = new string[references.Length];
        try
        {
            // A span over the fresh (contiguous, CPU) tensor: TensorAccessor.CopyFrom would go element by element.
            CopySlices(references, MemoryMarshal.Cast<byte, float>(images.bytes), pixels, weak, strong, positions, patients, ids);
            return new SliceBatch(
                images,
                tensor(weak), tensor(strong), tensor(positions, ScalarType.Float64), tensor(patients), ids);
        }
        catch
        {
            images.Dispose();
            throw;
        }
    }

    private void CopySlices(SliceReference[] references, Span<float> imageData, int pixels,
        long[] weak, long[] strong, double[] positions, long[] patients, string[] ids)
    {
        // One cache lookup per patient of the batch, one patient at a time: a patient's volume is decoded
        // at most once per batch however small the cache, and a worker holds one stack at a time.
        foreach (var group in Enumerable.Range(0, references.Length).GroupBy(i => references[i].Patient))
        {
            int patient = group.Key;
            if ((uint)patient >= (uint)_cohort.Subjects.Count)
                throw new ArgumentOutOfRangeException(nameof(references), $"Patient {patient} is outside the cohort of {_cohort.Subjects.Count}.");
            Subject subject = _cohort.Subjects[patient];
            CachedSlices slices = _cache.Get(patient);
            try
            {
                foreach (int i in group)
                {
                    int slice = references[i].Slice;
                    if ((uint)slice >= (uint)slices.Count)
                        throw new InvalidDataException($"Subject '{subject.Id}' ({subject.ImagePath}) has {slices.Count} kept slices; slice {slice} was requested.");
                    slices.Slice(slice).CopyTo(imageData.Slice(i * pixels, pixels));
                    weak[i] = subject.WeakLabel ?? -1;
                    strong[i] = subject.StrongLabel ?? -1;
                    positions[i] = slices.Positions[slice];
                    patients[i] = patient;
                    ids[i] = subject.Id;
                }
            }
            finally
            {
                slices.Release();
            }
        }
    }

    private CachedSlices LoadSubject(int patient)
    {
        Subject subject = _cohort.Subjects[patient];
        try
        {
            // The slicer's tensor is kept as it is: no managed copy of the stack on its way to the batches. Detached from
            // any dispose scope of the loading thread (Parallel.For runs on the caller's too): the cache decides its life.
            SliceStack stack = _slicer.Load(subject);
            stack.Images.DetachFromDisposeScope();
            return new CachedSlices(stack);
        }
        catch (Exception e) when (e is not (OperationCanceledException or InvalidDataException))
        {
            // Copying the slices out can fail too (memory); the consumer still learns whose they were.
            throw VolumeSlicer.SubjectError(subject, subject.ImagePath, e);
        }
    }
}
