namespace Wsp.Benchmarks;

/// <summary>What the .NET garbage collector has done: collections per generation and total pause.</summary>
internal readonly record struct CollectorSample(int Gen0, int Gen1, int Gen2, double PauseMilliseconds)
{
    /// <summary>The process's totals so far.</summary>
    public static CollectorSample Now() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration().TotalMilliseconds);

    /// <summary>What happened between <paramref name="earlier"/> and this sample.</summary>
    public CollectorSample Since(CollectorSample earlier) =>
        new(Gen0 - earlier.Gen0, Gen1 - earlier.Gen1, Gen2 - earlier.Gen2, PauseMilliseconds - earlier.PauseMilliseconds);
}
