using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace Wsp.Data.Tests.Nifti;

/// <summary>Counts the outcomes of a fuzz test and prints them, so the numbers can be quoted.</summary>
internal sealed class FuzzOutcomes(string name)
{
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private int _cases;

    public void Add(string outcome)
    {
        Interlocked.Increment(ref _cases);
        _counts.AddOrUpdate(outcome, 1, (_, n) => n + 1);
    }

    public int Cases => _cases;

    public string Summary() =>
        $"{name}: {_cases} cases; " + string.Join(", ", _counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}"));

    public void Print(ITestOutputHelper output)
    {
        output.WriteLine(Summary());
        // Also on the console, where `dotnet test --logger "console;verbosity=detailed"` shows it.
        Console.WriteLine(Summary());
    }
}
