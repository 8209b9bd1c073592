using System.Globalization;
using System.Text;

namespace Wsp.Data.Subjects;

/// <summary>A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.</summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string path, string[] header, List<(int Line, string[] Cells)> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Length; i++)
            _columns.TryAdd(header[i].Trim(), i);
    }

    public string Path { get; }

    public string[] Header { get; }

    public List<(int Line, string[] Cells)> Rows { get; }

    public static CsvTable Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Subject table not found: {path}", path);
        var records = Parse(File.ReadAllText(path), path);
        if (records.Count == 0)
            throw new InvalidDataException($"{path}: the table is empty (no header row).");
        return new CsvTable(path, records[0].Cells, records.Skip(1).Where(r => r.Cells.Any(c => c.Length > 0)).ToList());
    }

    public bool Has(string column) => _columns.ContainsKey(column);

    public void Require(params string[] columns)
    {
        string[] missing = columns.Where(c => !Has(c)).ToArray();
        if (missing.Length > 0)
            throw new InvalidDataException($"{Path}: missing column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}; found {string.Join(", ", Header.Select(h => $"'{h}'"))}.");
    }

    public string Cell((int Line, string[] Cells) row, string column)
    {
        int index = _columns[column];
        return index < row.Cells.Length ? row.Cells[index].Trim() : "";
    }

    public int? OptionalInt((int Line, string[] Cells) row, string column)
    {
        if (!Has(column)) return null;
        string text = Cell(row, column);
        if (text.Length == 0) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
            return value;
        // pandas writes integer columns with missing values as 1.0. Parsed as a decimal, which is exact for the
        // digits a table holds: a double would round 3.0000000000000001 to 3, and a cast would clamp
        // 99999999999 to int.MaxValue, both without a word.
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal exact))
        {
            if (exact != decimal.Truncate(exact))
                throw new InvalidDataException($"{Path}, line {row.Line}, column '{column}': '{text}' is not an integer.");
            if (exact < int.MinValue || exact > int.MaxValue)
                throw new InvalidDataException($"{Path}, line {row.Line}, column '{column}': '{text}' is outside the range of a 32-bit integer.");
            return (int)exact;
        }
        // Beyond a decimal's range (1e300): a number, but no 32-bit integer.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double real) && double.IsFinite(real))
            throw new InvalidDataException($"{Path}, line {row.Line}, column '{column}': '{text}' is outside the range of a 32-bit integer.");
        throw new InvalidDataException($"{Path}, line {row.Line}, column '{column}': '{text}' is not an integer.");
    }

    /// <summary>A class or label: a non-negative integer, or null for an empty cell.</summary>
    public int? OptionalLabel((int Line, string[] Cells) row, string column)
    {
        int? label = OptionalInt(row, column);
        // The loader writes -1 for "unknown"; a negative label in a table would be indistinguishable from it.
        if (label < 0)
            throw new InvalidDataException($"{Path}, line {row.Line}, column '{column}': '{Cell(row, column)}' is negative; labels are non-negative integers (leave the cell empty when unknown).");
        return label;
    }

    /// <summary>A name or path cell that must not hold a NUL character (no file system accepts one).</summary>
    public string Text((int Line, string[] Cells) row, string column)
    {
        string text = Cell(row, column);
        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
            throw new InvalidDataException($"{Path}, line {row.Line}, column '{column}': '{text.Replace("\0", "\\0", StringComparison.Ordinal)}' holds a NUL character (at position {nul + 1}).");
        return text;
    }

    private static List<(int Line, string[] Cells)> Parse(string text, string path)
    {
        var records = new List<(int, string[])>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        int line = 1, recordLine = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; cell.Append(c); }
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                cells.Add(cell.ToString());
                cell.Clear();
                records.Add((recordLine, cells.ToArray()));
                cells.Clear();
                line++;
                recordLine = line;
            }
            else cell.Append(c);
        }
        if (quoted)
            throw new InvalidDataException($"{path}: a quoted field opened on line {recordLine} is never closed.");
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            records.Add((recordLine, cells.ToArray()));
        }
        return records;
    }
}
