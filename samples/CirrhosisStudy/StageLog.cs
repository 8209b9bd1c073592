using System.Globalization;
using Wsp.Samples.CirrhosisTraining;

namespace Wsp.Samples.CirrhosisStudy;

/// <summary>Progress as plain log lines (the study runs for hours, usually with its output in a file): one line per finished stage and per tenth of a stage.</summary>
internal sealed class StageLog(TextWriter log, string prefix) : IProgress<StageProgress>
{
    private readonly Dictionary<string, int> _tenths = new(StringComparer.Ordinal);

    public void Report(StageProgress value)
    {
        int tenth = (int)Math.Floor(Math.Clamp(value.Fraction, 0, 1) * 10);
        if (_tenths.TryGetValue(value.Stage, out int last) && tenth <= last)
            return;
        _tenths[value.Stage] = tenth;
        if (tenth == 0 && value.Fraction < 1)
            return;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{prefix}{DateTime.Now:HH:mm:ss} {value.Stage} {tenth * 10} %{(value.Detail is null ? "" : $": {value.Detail}")}"));
        log.Flush();
    }
}
