using Wsp.Core.IO;

namespace Wsp.Core.Tests.IO;

public sealed class CsvTextTests
{
    [Fact]
    public void Fields_AreQuotedOnlyWhenTheyMustBe_AndNumbersRoundTrip()
    {
        string text = new CsvText("id", "note", "value")
            .Row("p1", "plain", 0.1 + 0.2)
            .Row("p,2", "say \"hi\"", null)
            .Row("p3", "two\nlines", 7)
            .ToString();

        text.Should().Be("id,note,value\np1,plain,0.30000000000000004\n\"p,2\",\"say \"\"hi\"\"\",\np3,\"two\nlines\",7\n");
    }

    [Fact]
    public void Row_OfTheWrongLength_IsRefused() =>
        FluentActions.Invoking(() => new CsvText("a", "b").Row(1)).Should().Throw<ArgumentException>().WithMessage("A row of 1 fields in a table of 2 columns.*");

    [Fact]
    public void Write_ReplacesTheFileWhole()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("wsp-csv-").FullName, "t.csv");
        File.WriteAllText(path, "old content that is longer than the new one\n");

        new CsvText("a").Row(1).Write(path);

        File.ReadAllText(path).Should().Be("a\n1\n");
        Directory.GetFiles(Path.GetDirectoryName(path)!).Should().ContainSingle("no temporary file is left behind");
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
