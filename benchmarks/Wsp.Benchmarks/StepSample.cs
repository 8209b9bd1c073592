namespace Wsp.Benchmarks;

/// <summary>One timed training step: total and per-phase milliseconds, and the minor page faults it took.</summary>
internal readonly record struct StepSample(double Milliseconds, double Forward, double Backward, double Optimizer, long Faults);
