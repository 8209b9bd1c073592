using System.CommandLine;
using Wsp.Data.Subjects;

namespace Wsp.Cli;

/// <summary>
/// A subject table given as <c>--table</c>: the plain format (<c>subject,file,weak_label,strong_label,...</c>), or with
/// <c>--images</c> the authors' format (<c>dataframe.csv</c>, file names relative to the image folder).
/// </summary>
internal sealed class CohortInput(Option<string> table, Option<string?> images)
{
    public static CohortInput AddTo(OptionSet options, string what) => new(
        options.Required<string>("--table", $"The subject table of {what}: the plain format, or the authors' format when --images is given."),
        options.Optional("--images", "The image folder of a table in the authors' format (file names relative to it)."));

    public SubjectTable Read(ParseResult result)
    {
        string path = result.GetValue(table)!;
        string? folder = result.GetValue(images);
        SubjectTable subjects = folder is null ? SubjectTable.ReadPlainFormat(path) : SubjectTable.ReadAuthorsFormat(path, folder);
        subjects.EnsureFilesExist();
        return subjects;
    }
}
