namespace Wsp.Data.Subjects;

/// <summary>
/// The subjects of a cohort, read from a CSV table in one of two formats:
/// <list type="bullet">
/// <item><description>The authors' format (<see cref="ReadAuthorsFormat"/>): an unnamed index column, <c>subject</c> (the volume's
/// file name), <c>class</c> (the grade the kernel compares), <c>label</c> (the binary target) and optional 0/1
/// membership columns <c>train_set</c>, <c>val_set</c>, <c>test_set</c>. Volumes are looked up in an image folder.</description></item>
/// <item><description>The plain format (<see cref="ReadPlainFormat"/>): <c>subject</c>, <c>file</c> (relative to the table), <c>weak_label</c>,
/// and optional <c>strong_label</c>, <c>split</c> and <c>label_map</c>; empty cells mean unknown.</description></item>
/// </list>
/// Subjects must be unique; labels are non-negative integers (an empty cell means unknown); errors
/// (<see cref="InvalidDataException"/>) name the table, the line, the column and the text found.
/// A table without rows is read as an empty table (a split may legitimately be empty); the consumers that need
/// a cohort, such as <see cref="Loading.SliceLoader"/>, refuse an empty one, naming its <see cref="Source"/>.
/// </summary>
public sealed class SubjectTable
{
    private readonly Dictionary<string, Subject> _byId;

    /// <summary>Creates a table from subjects.</summary>
    /// <param name="subjects">The subjects; identifiers must be unique.</param>
    /// <param name="source">Where they come from, named in errors.</param>
    public SubjectTable(IEnumerable<Subject> subjects, string source = "subject list")
    {
        ArgumentNullException.ThrowIfNull(subjects);
        Subjects = subjects.ToArray();
        Source = source;
        _byId = new Dictionary<string, Subject>(StringComparer.Ordinal);
        foreach (Subject subject in Subjects)
        {
            if (!_byId.TryAdd(subject.Id, subject))
                throw new InvalidDataException($"{source}: subject '{subject.Id}' appears more than once.");
        }
    }

    /// <summary>The subjects, in table order.</summary>
    public IReadOnlyList<Subject> Subjects { get; }

    /// <summary>The table's path or description.</summary>
    public string Source { get; }

    /// <summary>Reads a table in the authors' format.</summary>
    /// <param name="csvPath">The CSV file, e.g. dataframe_lihc.csv.</param>
    /// <param name="imageFolder">Folder holding the volumes named in <c>subject</c>.</param>
    /// <exception cref="InvalidDataException">A row is invalid; the message names the table, line and column.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="imageFolder"/> is null; the message names the table.</exception>
    public static SubjectTable ReadAuthorsFormat(string csvPath, string imageFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csvPath);
        if (imageFolder is null)
            throw new ArgumentNullException(nameof(imageFolder), $"{csvPath}: an image folder is needed to find the volumes the table names.");
        if (imageFolder.Contains('\0', StringComparison.Ordinal))
            throw new ArgumentException($"{csvPath}: the image folder holds a NUL character.", nameof(imageFolder));
        CsvTable csv = CsvTable.Read(csvPath);
        csv.Require("subject", "class", "label");
        var subjects = new List<Subject>();
        var lines = new Dictionary<string, int>();
        foreach (var row in csv.Rows)
        {
            string id = csv.Text(row, "subject");
            if (id.Length == 0)
                throw new InvalidDataException($"{csvPath}, line {row.Line}: empty subject.");
            RequireFirstOccurrence(lines, id, row.Line, csvPath);
            SubjectSplit? split = csv.OptionalInt(row, "train_set") == 1 ? SubjectSplit.Train
                : csv.OptionalInt(row, "val_set") == 1 ? SubjectSplit.Validation
                : csv.OptionalInt(row, "test_set") == 1 ? SubjectSplit.Test : null;
            subjects.Add(new Subject(id, FullPath(imageFolder, id, csvPath, row.Line), csv.OptionalLabel(row, "class"), csv.OptionalLabel(row, "label"), split));
        }
        return new SubjectTable(subjects, csvPath);
    }

    /// <summary>Reads a table in the plain format.</summary>
    /// <param name="csvPath">The CSV file; relative file paths are resolved against its folder.</param>
    /// <exception cref="InvalidDataException">A row is invalid; the message names the table, line and column.</exception>
    public static SubjectTable ReadPlainFormat(string csvPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(csvPath);
        CsvTable csv = CsvTable.Read(csvPath);
        csv.Require("subject", "file", "weak_label");
        string folder = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        var subjects = new List<Subject>();
        var lines = new Dictionary<string, int>();
        foreach (var row in csv.Rows)
        {
            string id = csv.Text(row, "subject");
            string file = csv.Text(row, "file");
            if (id.Length == 0 || file.Length == 0)
                throw new InvalidDataException($"{csvPath}, line {row.Line}: subject and file are required.");
            RequireFirstOccurrence(lines, id, row.Line, csvPath);
            SubjectSplit? split = csv.Has("split") && csv.Cell(row, "split").Length > 0 ? ParseSplit(csv, row) : null;
            string? labelMap = csv.Has("label_map") && csv.Text(row, "label_map").Length > 0 ? FullPath(folder, csv.Cell(row, "label_map"), csvPath, row.Line) : null;
            subjects.Add(new Subject(id, FullPath(folder, file, csvPath, row.Line), csv.OptionalLabel(row, "weak_label"), csv.OptionalLabel(row, "strong_label"), split, labelMap));
        }
        return new SubjectTable(subjects, csvPath);
    }

    // Path.GetFullPath's own errors name neither the table nor the line.
    private static string FullPath(string folder, string relative, string csvPath, int line)
    {
        try
        {
            return Path.GetFullPath(Path.Combine(folder, relative));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InvalidDataException($"{csvPath}, line {line}: '{relative}' is not a usable path: {e.Message}", e);
        }
    }

    // The constructor also refuses duplicates; checking while reading lets the message name both lines.
    private static void RequireFirstOccurrence(Dictionary<string, int> lines, string id, int line, string csvPath)
    {
        if (!lines.TryAdd(id, line))
            throw new InvalidDataException($"{csvPath}: subject '{id}' appears on lines {lines[id]} and {line}.");
    }

    /// <summary>The subject with identifier <paramref name="id"/>.</summary>
    /// <param name="id">The identifier.</param>
    /// <exception cref="KeyNotFoundException">No such subject; the message names it and the table.</exception>
    public Subject this[string id] => _byId.TryGetValue(id, out Subject? subject)
        ? subject
        : throw new KeyNotFoundException($"{Source}: unknown subject '{id}'.");

    /// <summary>Throws if any volume or label map is missing, naming the first ones.</summary>
    /// <exception cref="FileNotFoundException">A subject's file does not exist.</exception>
    public void EnsureFilesExist()
    {
        var missing = Subjects
            .SelectMany(s => new[] { (s.Id, Path: s.ImagePath), (s.Id, Path: s.LabelMapPath) })
            .Where(p => p.Path is not null && !File.Exists(p.Path))
            .ToList();
        if (missing.Count > 0)
        {
            string list = string.Join("; ", missing.Take(3).Select(m => $"subject '{m.Id}': {m.Path}"));
            throw new FileNotFoundException($"{Source}: {missing.Count} file(s) not found, e.g. {list}.", missing[0].Path);
        }
    }

    /// <summary>The subjects whose split is <paramref name="split"/>.</summary>
    /// <param name="split">The split.</param>
    public SubjectTable WithSplit(SubjectSplit split) => new(Subjects.Where(s => s.Split == split), $"{Source} ({split.ToString().ToLowerInvariant()})");

    private static SubjectSplit ParseSplit(CsvTable csv, (int Line, string[] Cells) row)
    {
        string text = csv.Cell(row, "split");
        return text.Trim().ToLowerInvariant() switch
        {
            "train" or "training" => SubjectSplit.Train,
            "val" or "validation" => SubjectSplit.Validation,
            "test" => SubjectSplit.Test,
            _ => throw new InvalidDataException($"{csv.Path}, line {row.Line}, column 'split': '{text}' is not a split; use train, val or test (or leave it empty)."),
        };
    }
}
