using System.Globalization;

namespace Wsp.Benchmarks;

/// <summary>The benchmark modes' <c>--name value</c> options.</summary>
internal static class BenchmarkArguments
{
    /// <summary>The value after <paramref name="name"/>, or <paramref name="fallback"/> when it is not given.</summary>
    public static string Option(string[] args, string name, string fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    /// <summary>An integer option.</summary>
    public static int Integer(string[] args, string name, int fallback) => Parse(Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A comma-separated list of integers.</summary>
    public static int[] Integers(string[] args, string name, string fallback) => Option(args, name, fallback).Split(',').Select(Parse).ToArray();

    private static int Parse(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
