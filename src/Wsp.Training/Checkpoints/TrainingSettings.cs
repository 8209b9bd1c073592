using System.Collections.ObjectModel;

namespace Wsp.Training.Checkpoints;

/// <summary>
/// The settings a training run was made with, as ordered name/value pairs (learning rate, schedule, loss, encoder,
/// and whatever the caller adds: data, seed, slice size). A checkpoint stores them, and a run with other settings is
/// refused instead of resuming a foreign trajectory.
/// </summary>
public sealed class TrainingSettings
{
    private readonly SortedDictionary<string, string> _values;

    /// <summary>Creates the settings from name/value pairs.</summary>
    /// <param name="values">The settings; names are compared ordinally.</param>
    public TrainingSettings(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(values));
            _values[name] = value ?? throw new ArgumentException($"Setting '{name}' has no value.", nameof(values));
        }
    }

    /// <summary>The settings, ordered by name.</summary>
    public IReadOnlyDictionary<string, string> Values => new ReadOnlyDictionary<string, string>(_values);

    /// <summary>These settings with <paramref name="more"/> added (a name already present takes the new value).</summary>
    /// <param name="more">The settings to add.</param>
    public TrainingSettings With(IEnumerable<KeyValuePair<string, string>> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        return new TrainingSettings(_values.Concat(more).GroupBy(kv => kv.Key, StringComparer.Ordinal).Select(g => g.Last()));
    }

    /// <summary>
    /// Every difference between <paramref name="recorded"/> (a checkpoint's) and these settings, one line each
    /// ("learning rate: 0.001 in the checkpoint, 0.0003 now"); empty when they agree.
    /// </summary>
    /// <param name="recorded">The settings recorded in a checkpoint.</param>
    public IReadOnlyList<string> DifferencesFrom(IReadOnlyDictionary<string, string> recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var lines = new List<string>();
        foreach (string name in _values.Keys.Union(recorded.Keys).OrderBy(n => n, StringComparer.Ordinal))
        {
            bool had = recorded.TryGetValue(name, out string? then);
            bool has = _values.TryGetValue(name, out string? now);
            if (had && has && string.Equals(then, now, StringComparison.Ordinal)) continue;
            lines.Add($"{name}: {(had ? $"'{then}'" : "absent")} in the checkpoint, {(has ? $"'{now}'" : "absent")} now");
        }
        return lines;
    }
}
