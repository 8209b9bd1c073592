namespace Wsp.Samples.CirrhosisTraining;

/// <summary>
/// Reports on the caller's thread, one at a time. <see cref="Progress{T}"/> would post each report to the
/// thread pool, where reports can arrive out of order.
/// </summary>
/// <typeparam name="T">The report.</typeparam>
/// <param name="report">What to do with a report.</param>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate)
            report(value);
    }
}
