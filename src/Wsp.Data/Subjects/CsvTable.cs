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
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value))
            return value;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double real) && real == Math.Floor(real))
            return (int)real; // pandas writes integer columns with missing values as 1.0
        throw new InvalidDataException($"{Path}, line {row.Line}, column '{column}': '{text}' is not an integer.");
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
