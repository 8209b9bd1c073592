namespace Wsp.Benchmarks;

/// <summary>
/// The side-by-side schedule of the worker benchmarks: each round samples every side once, the order rotating from
/// round to round, so that the shared machine's load drifts over all sides alike; warm-up rounds are dropped.
/// </summary>
internal static class RotatingRounds
{
    /// <summary>Per side, its samples of the <paramref name="rounds"/> timed rounds, in round order.</summary>
    public static List<T>[] Run<T>(int sides, int warmup, int rounds, Func<int, T> sample)
    {
        var samples = Enumerable.Range(0, sides).Select(_ => new List<T>()).ToArray();
        for (int round = -warmup; round < rounds; round++)
        {
            for (int k = 0; k < sides; k++)
            {
                int index = ((round % sides) + sides + k) % sides;
                T value = sample(index);
                if (round >= 0)
                    samples[index].Add(value);
            }
        }
        return samples;
    }
}
