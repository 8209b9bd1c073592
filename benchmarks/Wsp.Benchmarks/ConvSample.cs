namespace Wsp.Benchmarks;

/// <summary>One timed convolution: forward and backward milliseconds, and the minor page faults both took.</summary>
internal readonly record struct ConvSample(double Forward, double Backward, long Faults);
