using Wsp.Data.Subjects;
using Wsp.Data.Synthetic;
using Wsp.Data.Volumes;

namespace Wsp.Data.Tests.Synthetic;

public sealed class SyntheticCohortGeneratorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wsp-synthetic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // 64 x 64 x 16 at 6 x 6 x 15 mm covers the same body as the default 128 x 128 x 48 grid.
    private static SyntheticCohortOptions Tiny(int weak = 3, int histology = 3, int seed = 5) => new()
    {
        Seed = seed, WeakPatients = weak, HistologyPatients = histology,
        Width = 64, Height = 64, Slices = 16, PixelSpacing = 6, SliceSpacing = 15,
    };

    private string Folder(string name) => Path.Combine(_folder, name);

    [Fact]
    public void Generate_SameSeedAnyParallelism_WritesIdenticalFiles()
    {
        SyntheticCohortOptions serial = Tiny(), parallel = Tiny();
        serial.MaxDegreeOfParallelism = 1;
        parallel.MaxDegreeOfParallelism = 4;
        SyntheticCohortGenerator.Generate(Folder("a"), serial);
        SyntheticCohortGenerator.Generate(Folder("b"), parallel);

        string[] files = Directory.GetFiles(Folder("a")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        files.Should().HaveCount(2 * 6 + 2);
        Directory.GetFiles(Folder("b")).Select(Path.GetFileName).Order(StringComparer.Ordinal).Should().Equal(files);
        foreach (string file in files)
            File.ReadAllBytes(Path.Combine(Folder("b"), file)).Should().Equal(File.ReadAllBytes(Path.Combine(Folder("a"), file)), file);
    }

    [Fact]
    public void Generate_DifferentSeeds_GiveDifferentVolumes()
    {
        SyntheticCohort a = SyntheticCohortGenerator.Generate(Folder("a"), Tiny(1, 0, seed: 1));
        SyntheticCohort b = SyntheticCohortGenerator.Generate(Folder("b"), Tiny(1, 0, seed: 2));
        using CanonicalVolume first = CanonicalVolume.Read(a.Patients[0].ImagePath);
        using CanonicalVolume second = CanonicalVolume.Read(b.Patients[0].ImagePath);
        first.Voxels.SequenceEqual(second.Voxels).Should().BeFalse();
    }

    [Fact]
    public void Generate_AuthorsTable_ReadsBackWithWeakOnlyAndHistologyPatients()
    {
        SyntheticCohort cohort = SyntheticCohortGenerator.Generate(_folder, Tiny(weak: 5, histology: 4));

        File.ReadLines(cohort.AuthorsCsvPath).First().Should().Be(",subject,score,class,label");
        SubjectTable table = SubjectTable.ReadAuthorsFormat(cohort.AuthorsCsvPath, cohort.Folder);
        table.Subjects.Should().HaveCount(9);
        table.Subjects.Count(s => s.StrongLabel is null).Should().Be(5);
        table.Subjects.Count(s => s.StrongLabel is not null).Should().Be(4);
        table.EnsureFilesExist();
        for (int i = 0; i < cohort.Patients.Count; i++)
        {
            SyntheticPatient patient = cohort.Patients[i];
            Subject subject = table.Subjects[i];
            subject.Id.Should().Be(patient.Id);
            subject.WeakLabel.Should().Be(patient.WeakLabel);
            subject.StrongLabel.Should().Be(patient.HistologyLabel);
            if (patient.HistologyLabel is int label)
                label.Should().Be(patient.Stage == 4 ? 1 : 0, "histology is cirrhosis = F4");
            Math.Abs(patient.WeakLabel - SyntheticCohortGenerator.RadiologicalGrade(patient.Stage)).Should().BeLessThanOrEqualTo(1);
        }
    }

    [Fact]
    public void Generate_PlainTable_NamesEachLabelMap()
    {
        SyntheticCohort cohort = SyntheticCohortGenerator.Generate(_folder, Tiny());
        SubjectTable plain = SubjectTable.ReadPlainFormat(cohort.PlainCsvPath);
        plain.Subjects.Select(s => s.LabelMapPath).Should().Equal(cohort.Patients.Select(p => p.LabelMapPath));
        plain.Subjects.Select(s => s.ImagePath).Should().Equal(cohort.Patients.Select(p => p.ImagePath));
        cohort.Subjects.Subjects.Should().HaveCount(6);
        plain.EnsureFilesExist();
        Directory.GetFiles(_folder, "*.tmp-*").Should().BeEmpty("every file is written under a temporary name, then renamed");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Generate_WeakLabelNoise_MovesGradesToNeighboursOnly(double noise)
    {
        SyntheticCohortOptions options = Tiny(weak: 12, histology: 0);
        (options.WeakLabelNoise, options.Width, options.Height, options.Slices, options.PixelSpacing, options.SliceSpacing) = (noise, 16, 16, 4, 24, 60);
        SyntheticCohort cohort = SyntheticCohortGenerator.Generate(_folder, options);
        foreach (SyntheticPatient p in cohort.Patients)
        {
            int grade = SyntheticCohortGenerator.RadiologicalGrade(p.Stage);
            if (noise == 0) p.WeakLabel.Should().Be(grade);
            else Math.Abs(p.WeakLabel - grade).Should().Be(1);
        }
    }

    [Fact]
    public void Generate_LabelMap_AlignsWithTheAnatomy()
    {
        SyntheticCohort cohort = SyntheticCohortGenerator.Generate(_folder, Tiny(weak: 2, histology: 0));
        foreach (SyntheticPatient patient in cohort.Patients)
        {
            using CanonicalVolume image = CanonicalVolume.Read(patient.ImagePath);
            using CanonicalVolume labels = CanonicalVolume.Read(patient.LabelMapPath);
            labels.Shape.Should().Equal(image.Shape);
            image.Spacing.Should().Equal(6, 6, 15);

            var liver = Voxels(image, labels, 5);
            // The median, because at these 6 mm voxels the nodular, blurred boundary mixes liver with fat.
            liver.Values.Order().ElementAt(liver.Values.Count() / 2).Should().BeInRange(70, 150, "portal-venous liver");
            liver.X.Average().Should().BeGreaterThan(image.Shape[0] / 2.0, "the liver lies on the patient's right (+x in RAS)");
            Voxels(image, labels, 1).X.Average().Should().BeLessThan(image.Shape[0] / 2.0, "the spleen lies on the patient's left");
            image.Slice(0)[0].Should().BeLessThan(-900, "air surrounds the body");

            SelectedSlices slices = new OrganSelection(5).Select(image, labels);
            double first = (slices.Indices[0] + 0.5) / image.SliceCount, last = (slices.Indices[^1] + 0.5) / image.SliceCount;
            first.Should().BeInRange(0.2, 0.45, "the liver's inferior tip is in the upper abdomen");
            last.Should().BeInRange(0.8, 0.97, "the dome lies below the top of the volume");
        }
    }

    [Fact]
    public void Generate_Cirrhosis_ShowsInTextureAndSpleenVolume()
    {
        (double TextureSd, double Spleen) Measure(int stage)
        {
            SyntheticCohortOptions options = Tiny(weak: 4, histology: 0, seed: 11);
            options.StageProbabilities = Enumerable.Range(0, 5).Select(s => s == stage ? 1.0 : 0).ToArray();
            options.NoiseStandardDeviation = 0; // texture without scanner noise
            SyntheticCohort cohort = SyntheticCohortGenerator.Generate(Folder($"F{stage}"), options);
            cohort.Patients.Should().OnlyContain(p => p.Stage == stage);
            return (cohort.Patients.Average(p => Stats(p, 5, interiorOnly: true).Sd), cohort.Patients.Average(p => Stats(p, 1, interiorOnly: false).Count));
        }

        var healthy = Measure(0);
        var cirrhotic = Measure(4);
        cirrhotic.TextureSd.Should().BeGreaterThan(1.5 * healthy.TextureSd, "cirrhotic parenchyma is heterogeneous");
        cirrhotic.Spleen.Should().BeGreaterThan(1.3 * healthy.Spleen, "portal hypertension enlarges the spleen");
    }

    [Fact]
    public void Generate_ReportsProgressAndHonoursCancellation()
    {
        var reports = new List<int>();
        SyntheticCohortGenerator.Generate(Folder("p"), Tiny(), new SynchronousProgress(reports.Add));
        reports.Order().Should().Equal(1, 2, 3, 4, 5, 6);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        FluentActions.Invoking(() => SyntheticCohortGenerator.Generate(Folder("c"), Tiny(), cancellationToken: cancelled.Token))
            .Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void Generate_InvalidOptions_ThrowsBeforeWriting()
    {
        SyntheticCohortOptions options = Tiny();
        options.WeakLabelNoise = -0.1;
        FluentActions.Invoking(() => SyntheticCohortGenerator.Generate(Folder("x"), options))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(nameof(SyntheticCohortOptions.WeakLabelNoise));
        Directory.Exists(Folder("x")).Should().BeFalse();
    }

    private static (List<float> Values, List<int> X) Voxels(CanonicalVolume image, CanonicalVolume labels, int label)
    {
        var values = new List<float>();
        var xs = new List<int>();
        ReadOnlySpan<float> hu = image.Voxels, map = labels.Voxels;
        for (int i = 0; i < map.Length; i++)
        {
            if (map[i] != label) continue;
            values.Add(hu[i]);
            xs.Add(i % image.Shape[0]);
        }
        return (values, xs);
    }

    // Interior voxels (the 3 x 3 in-plane neighbourhood inside the organ) leave out the edges' partial-volume blur.
    private static (double Sd, int Count) Stats(SyntheticPatient patient, int label, bool interiorOnly)
    {
        using CanonicalVolume image = CanonicalVolume.Read(patient.ImagePath);
        using CanonicalVolume labels = CanonicalVolume.Read(patient.LabelMapPath);
        int w = image.Shape[0], h = image.Shape[1];
        ReadOnlySpan<float> hu = image.Voxels, map = labels.Voxels;
        var values = new List<float>();
        for (int i = 0; i < map.Length; i++)
        {
            int x = i % w, y = i / w % h;
            if (map[i] != label) continue;
            if (interiorOnly && (x == 0 || y == 0 || x == w - 1 || y == h - 1 || !Inside(map, i, w, label))) continue;
            values.Add(hu[i]);
        }
        double mean = values.Average();
        return (Math.Sqrt(values.Average(v => (v - mean) * (v - mean))), values.Count);
    }

    private static bool Inside(ReadOnlySpan<float> map, int i, int w, int label)
    {
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
                if (map[i + dy * w + dx] != label) return false;
        return true;
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        private readonly object _gate = new();

        public void Report(int value)
        {
            lock (_gate) report(value);
        }
    }
}
