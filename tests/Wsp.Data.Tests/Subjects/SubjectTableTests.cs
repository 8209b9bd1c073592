using Wsp.Data.Subjects;
using Wsp.Tests.Shared;

namespace Wsp.Data.Tests.Subjects;

public sealed class SubjectTableTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-subjects-").FullName;

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void AuthorsFormat_LihcTable_Parses()
    {
        string csv = TestPaths.SharedFile("data/dataframe_lihc.csv", "WSP_LIHC_TABLE");

        SubjectTable table = SubjectTable.ReadAuthorsFormat(csv, imageFolder: _folder);

        table.Subjects.Should().HaveCount(49);
        table.Subjects.Count(s => s.StrongLabel == 1).Should().Be(15);
        table.Subjects.Should().OnlyContain(s => s.StrongLabel == (s.WeakLabel >= 3 ? 1 : 0), "label = class >= 3");
        table["lihc__TCGA-DD-A116__1996-03-14__VEN.nii.gz"].WeakLabel.Should().Be(2, "its quoted score \"3,4 - Fibrous Speta\" holds a comma");
        table.Subjects[0].ImagePath.Should().Be(Path.Combine(_folder, "lihc__TCGA-DD-A113__1998-12-24__VEN.nii.gz"));
    }

    [Fact]
    public void AuthorsFormat_MembershipColumns_GiveTheSplit()
    {
        string csv = Write("split.csv", ",subject,class,label,train_set,val_set\n0,a.nii.gz,1,0,1,0\n1,b.nii.gz,3,1,0,1\n2,c.nii.gz,0,0,0,0\n");

        SubjectTable table = SubjectTable.ReadAuthorsFormat(csv, _folder);

        table.Subjects.Select(s => s.Split).Should().Equal(SubjectSplit.Train, SubjectSplit.Validation, null);
        table.WithSplit(SubjectSplit.Train).Subjects.Should().ContainSingle().Which.Id.Should().Be("a.nii.gz");
    }

    [Fact]
    public void PlainFormat_ResolvesFilesAndUnknownLabels()
    {
        string csv = Write("cohort.csv", "subject,file,weak_label,strong_label,split\np1,images/p1.nii.gz,2,,train\np2,/data/p2.nii,0,1,\n");

        SubjectTable table = SubjectTable.ReadPlainFormat(csv);

        table["p1"].Should().Be(new Subject("p1", Path.Combine(_folder, "images", "p1.nii.gz"), 2, null, SubjectSplit.Train));
        table["p2"].StrongLabel.Should().Be(1);
        table["p2"].ImagePath.Should().Be("/data/p2.nii");
    }

    [Fact]
    public void MissingColumn_IsNamed()
    {
        string csv = Write("bad.csv", "subject,file\np1,a.nii\n");
        Action read = () => SubjectTable.ReadPlainFormat(csv);
        read.Should().Throw<InvalidDataException>().WithMessage("*bad.csv*missing column(s) 'weak_label'*");
    }

    [Fact]
    public void DuplicateSubject_NamesBothLines()
    {
        string csv = Write("dup.csv", "subject,file,weak_label\np1,a.nii,0\np2,b.nii,1\np1,c.nii,1\n");
        Action read = () => SubjectTable.ReadPlainFormat(csv);
        read.Should().Throw<InvalidDataException>().WithMessage("*dup.csv*'p1'*lines 2 and 4*");
    }

    [Fact]
    public void NonIntegerLabel_NamesLineAndColumn()
    {
        string csv = Write("text.csv", "subject,file,weak_label\np1,a.nii,F3\n");
        Action read = () => SubjectTable.ReadPlainFormat(csv);
        read.Should().Throw<InvalidDataException>().WithMessage("*text.csv, line 2, column 'weak_label': 'F3'*");
    }

    [Fact]
    public void MissingFiles_AreNamedWithTheirSubject()
    {
        string csv = Write("files.csv", "subject,file,weak_label\np1,p1.nii.gz,0\n");
        SubjectTable table = SubjectTable.ReadPlainFormat(csv);
        table.Invoking(t => t.EnsureFilesExist()).Should().Throw<FileNotFoundException>().WithMessage("*subject 'p1'*p1.nii.gz*");
    }

    [Fact]
    public void UnknownSubject_IsNamed()
    {
        var table = new SubjectTable(new[] { new Subject("p1", "/x.nii", 0, null, null) }, "cohort");
        table.Invoking(t => t["p9"]).Should().Throw<KeyNotFoundException>().WithMessage("*cohort*'p9'*");
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("1e300")]
    [InlineData("Infinity")]
    [InlineData("-1e12")]
    [InlineData("2147483648")]
    public void OutOfRangeLabel_IsRefusedQuotingTheText(string text)
    {
        string csv = Write("range.csv", $"subject,file,weak_label\np1,a.nii,0\np2,b.nii,{text}\n");
        Action read = () => SubjectTable.ReadPlainFormat(csv);
        read.Should().Throw<InvalidDataException>().WithMessage($"*range.csv, line 3, column 'weak_label': '{text}'*");
    }

    [Fact]
    public void LargestInteger_StillReads()
    {
        string csv = Write("max.csv", "subject,file,weak_label,strong_label\np1,a.nii,2147483647,1.0\n");
        SubjectTable table = SubjectTable.ReadPlainFormat(csv);
        table["p1"].WeakLabel.Should().Be(int.MaxValue);
        table["p1"].StrongLabel.Should().Be(1, "pandas writes integer columns with gaps as 1.0");
    }

    [Theory]
    [InlineData("weak_label", "-1")]
    [InlineData("strong_label", "-2.0")]
    public void NegativeLabel_IsRefusedByName(string column, string text)
    {
        string row = column == "weak_label" ? $"p1,a.nii,{text}," : $"p1,a.nii,0,{text}";
        string csv = Write("negative.csv", $"subject,file,weak_label,strong_label\n{row}\n");
        Action read = () => SubjectTable.ReadPlainFormat(csv);
        read.Should().Throw<InvalidDataException>().WithMessage($"*negative.csv, line 2, column '{column}': '{text}' is negative*");
    }

    [Fact]
    public void NegativeClass_InTheAuthorsFormat_IsRefusedByName()
    {
        string csv = Write("authors.csv", ",subject,class,label\n0,a.nii.gz,-1,0\n");
        Action read = () => SubjectTable.ReadAuthorsFormat(csv, _folder);
        read.Should().Throw<InvalidDataException>().WithMessage("*authors.csv, line 2, column 'class': '-1' is negative*");
    }

    [Theory]
    [InlineData("p\0x,a.nii,0", "subject")]
    [InlineData("p1,a\0.nii,0", "file")]
    public void NulCharacter_NamesTableLineAndColumn(string row, string column)
    {
        string csv = Write("nul.csv", $"subject,file,weak_label\np0,b.nii,1\n{row}\n");
        Action read = () => SubjectTable.ReadPlainFormat(csv);
        read.Should().Throw<InvalidDataException>().WithMessage($"*nul.csv, line 3, column '{column}'*NUL*");
    }

    [Fact]
    public void NulCharacter_InTheAuthorsFormat_NamesTableAndLine()
    {
        string csv = Write("nul.csv", ",subject,class,label\n0,a\0.nii.gz,1,0\n");
        Action read = () => SubjectTable.ReadAuthorsFormat(csv, _folder);
        read.Should().Throw<InvalidDataException>().WithMessage("*nul.csv, line 2, column 'subject'*NUL*");
    }

    [Fact]
    public void NullImageFolder_NamesTheTable()
    {
        string csv = Write("nofolder.csv", ",subject,class,label\n0,a.nii.gz,1,0\n");
        Action read = () => SubjectTable.ReadAuthorsFormat(csv, null!);
        read.Should().Throw<ArgumentNullException>().WithMessage("*nofolder.csv*image folder*");
    }

    [Fact]
    public void HeaderOnlyTable_IsAnEmptyTable()
    {
        string csv = Write("empty.csv", "subject,file,weak_label\n");
        SubjectTable.ReadPlainFormat(csv).Subjects.Should().BeEmpty("reading is legal; consumers that need a cohort refuse it");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void PlainFormat_UnknownSplit_IsRefusedNamingLineAndValue()
    {
        string csv = Write("cohort.csv", "subject,file,weak_label,split\np1,p1.nii.gz,2,holdout\n");

        FluentActions.Invoking(() => SubjectTable.ReadPlainFormat(csv)).Should().Throw<InvalidDataException>()
            .WithMessage("*cohort.csv, line 2, column 'split': 'holdout' is not a split*");
    }
}
