using System.Globalization;
using System.Text;
using CsCheck;
using Wsp.Data.Subjects;
using Wsp.Data.Tests.Nifti;
using Xunit.Abstractions;

namespace Wsp.Data.Tests.Subjects;

/// <summary>
/// Seeded random tables (CsCheck): every table reads, or fails with an <see cref="InvalidDataException"/> that
/// names the table; a label that reads is exactly the integer its text denotes.
/// </summary>
public sealed class SubjectTableFuzzTests : IDisposable
{
    private const string Plain = "subject,file,weak_label,strong_label,split,label_map\np1,a.nii.gz,0,1,train,a_seg.nii.gz\np2,\"b, c.nii\",2,,val,\np3,d.nii,1.0,0,,\n";
    private const string Authors = ",subject,class,label,train_set,val_set\n0,a.nii.gz,1,0,1,0\n1,\"b \"\"2\"\".nii.gz\",3,1,0,1\n2,c.nii.gz,0,0,0,0\n";

    private static readonly string[] Pieces =
    {
        ",", "\"", "\n", "\r\n", "\0", "-", "+", ".", "e", " ", "0", "7", "9", "a", "Infinity", "NaN", "1e300", "99999999999", "-1", "2147483648", "\"\"",
    };

    private readonly ITestOutputHelper _output;
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-table-fuzz-").FullName;
    private int _case;

    public SubjectTableFuzzTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MutatedTable_ReadsOrFailsNamingTheTable(bool authorsFormat)
    {
        string source = authorsFormat ? Authors : Plain;
        var outcomes = new FuzzOutcomes($"{(authorsFormat ? "authors" : "plain")}-format table, 1 to 4 edits (insert, replace, delete)");
        Gen<(int Kind, int At, int Piece)[]> edits = Gen.Select(Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Int[0, Pieces.Length - 1]).Array[1, 4];

        edits.Sample(list =>
        {
            var text = new StringBuilder(source);
            foreach ((int kind, int at, int piece) in list)
            {
                int i = at % (text.Length + 1);
                if (kind == 0) text.Insert(i, Pieces[piece]);
                else if (kind == 1 && i < text.Length) text.Remove(i, 1).Insert(i, Pieces[piece]);
                else if (i < text.Length) text.Remove(i, 1);
            }
            string path = Path.Combine(_folder, $"table{Interlocked.Increment(ref _case)}.csv");
            File.WriteAllText(path, text.ToString());
            try
            {
                SubjectTable table = authorsFormat ? SubjectTable.ReadAuthorsFormat(path, _folder) : SubjectTable.ReadPlainFormat(path);
                foreach (Subject s in table.Subjects)
                {
                    s.Id.Should().NotBeEmpty().And.NotContain("\0");
                    s.ImagePath.Should().NotContain("\0");
                    (s.WeakLabel ?? 0).Should().BeGreaterThanOrEqualTo(0);
                    (s.StrongLabel ?? 0).Should().BeGreaterThanOrEqualTo(0);
                }
                table.Subjects.Select(s => s.Id).Should().OnlyHaveUniqueItems();
                outcomes.Add(table.Subjects.Count == 0 ? "read, empty" : "read");
            }
            catch (InvalidDataException e)
            {
                e.Message.Should().StartWith(path, "the error names the table");
                outcomes.Add("InvalidDataException");
            }
            finally
            {
                File.Delete(path);
            }
        }, iter: 1500, threads: 1);

        outcomes.Print(_output);
    }

    [Fact]
    public void LabelText_ReadsAsItsExactInteger_OrIsRefusedQuotingIt()
    {
        var outcomes = new FuzzOutcomes("generated label texts in weak_label");
        Gen<string> number =
            from sign in Gen.OneOfConst("", "-", "+")
            from digits in Gen.Int[1, 12]
            from mantissa in Gen.Long[1, 999_999_999_999]
            from fraction in Gen.OneOfConst("", ".0", ".5", ".00", ".0000000001", ".9999999999")
            from exponent in Gen.OneOfConst("", "e0", "e1", "e3", "e9", "e-1", "E2", "e15")
            select sign + (mantissa % (long)Math.Pow(10, digits)).ToString(CultureInfo.InvariantCulture) + fraction + exponent;
        Gen<string> texts = Gen.Frequency((8, number), (1, Gen.OneOfConst("Infinity", "-Infinity", "NaN", "1e300", "0x10", " 7 ", "1_000", "٣")));

        texts.Sample(text =>
        {
            string path = Path.Combine(_folder, $"label{Interlocked.Increment(ref _case)}.csv");
            File.WriteAllText(path, $"subject,file,weak_label\np1,a.nii,{text}\n");
            decimal? exact = decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d) ? d : null;
            bool valid = exact is { } x && x == decimal.Truncate(x) && x >= 0 && x <= int.MaxValue;
            try
            {
                int? label = SubjectTable.ReadPlainFormat(path)["p1"].WeakLabel;
                valid.Should().BeTrue($"'{text}' is not a non-negative 32-bit integer, yet it read as {label}");
                label.Should().Be((int)exact!.Value, $"'{text}' denotes {exact}");
                outcomes.Add("read, exact");
            }
            catch (InvalidDataException e)
            {
                valid.Should().BeFalse($"'{text}' denotes {exact}, which is a valid label ({e.Message})");
                e.Message.Should().Contain($"{path}, line 2, column 'weak_label': '{text.Trim()}'");
                outcomes.Add("refused");
            }
            finally
            {
                File.Delete(path);
            }
        }, iter: 1200, threads: 1);

        outcomes.Print(_output);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
