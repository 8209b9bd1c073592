using System.Globalization;
using System.Text;

namespace Wsp.Core.IO;

/// <summary>
/// A CSV table built in memory and written atomically: comma-separated, "\n" line ends, a field quoted (with doubled
/// quotes inside) only when it holds a comma, a quote or a line break (RFC 4180), numbers in the invariant culture.
/// The one CSV writer of the Wsp packages and samples, so every table they write reads back the same way.
/// </summary>
public sealed class CsvText
{
    private readonly StringBuilder _text = new();
    private readonly int _columns;

    /// <summary>Starts a table with its header row.</summary>
    /// <param name="columns">The column names.</param>
    public CsvText(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        _columns = columns.Length;
        Append(columns);
    }

    /// <summary>Adds a row; its fields are formatted with the invariant culture (doubles round-trip).</summary>
    /// <param name="fields">One value per column; null writes an empty field.</param>
    /// <exception cref="ArgumentException">The row has another number of fields than the header.</exception>
    public CsvText Row(params object?[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Length != _columns)
            throw new ArgumentException($"A row of {fields.Length} fields in a table of {_columns} columns.", nameof(fields));
        Append(fields.Select(Format));
        return this;
    }

    /// <summary>The table's text.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>Writes the table to <paramref name="path"/> atomically (see <see cref="AtomicFile"/>).</summary>
    /// <param name="path">The destination; an existing file is replaced.</param>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToString());

    /// <summary>A field as it appears in the file: quoted only when it must be.</summary>
    /// <param name="value">The field's text.</param>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private void Append(IEnumerable<string> fields)
    {
        _text.AppendJoin(',', fields.Select(Quote));
        _text.Append('\n');
    }
}
