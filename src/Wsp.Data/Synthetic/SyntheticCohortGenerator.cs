using System.Globalization;
using System.Text;
using Wsp.Data.Nifti;
using Wsp.Data.Subjects;
using Wsp.Core.IO;

namespace Wsp.Data.Synthetic;

/// <summary>
/// Generates a synthetic cirrhosis cohort: abdominal CT phantoms whose liver, spleen and peritoneum show fibrosis
/// signs that grow with a latent METAVIR stage, each patient with a noisy radiological grade (the weak label) and,
/// for a subset, histology (the strong label). It exists because no public data set has both kinds of label.
/// </summary>
/// <remarks>
/// <para>Labels: the radiologist's grade has three classes, F0-F1 to 0, F2-F3 to 1 and F4 to 2; with probability
/// <see cref="SyntheticCohortOptions.WeakLabelNoise"/> it is moved to a neighbouring grade (0 and 2 to 1, 1 to 0 or 2
/// with equal chance), as a radiologist errs by one grade rather than two. Histology is exact: cirrhosis = F4.</para>
/// <para>Files, all written under a temporary name and then renamed: per patient <c>&lt;id&gt;.nii.gz</c> (int16 HU)
/// and <c>&lt;id&gt;_liver.nii.gz</c> (uint8 TotalSegmentator labels: 1 spleen, 2 right kidney, 3 left kidney,
/// 5 liver, 6 stomach), with a RAS affine so that axial slices run from inferior to superior and the liver lies on
/// the patient's right (+x); <c>dataframe.csv</c> in the authors' format and <c>cohort.csv</c> in the plain format.</para>
/// <para>Each patient draws everything from its own generator, derived from the seed and its index, so the files
/// are identical whatever the parallelism.</para>
/// </remarks>
public static class SyntheticCohortGenerator
{
    /// <summary>File name of the table in the authors' format.</summary>
    public const string AuthorsTableName = "dataframe.csv";

    /// <summary>File name of the table in the plain format (with label maps).</summary>
    public const string PlainTableName = "cohort.csv";

    /// <summary>Generates the cohort into <paramref name="folder"/> (created if needed; existing files are replaced).</summary>
    /// <param name="folder">Destination folder.</param>
    /// <param name="options">Cohort settings; copied and validated first.</param>
    /// <param name="progress">Receives the number of patients written so far.</param>
    /// <param name="cancellationToken">Stops the generation; files already written stay.</param>
    /// <returns>The tables' paths, the subjects and, per patient, the latent stage and labels.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="OperationCanceledException">The generation was cancelled.</exception>
    public static SyntheticCohort Generate(string folder, SyntheticCohortOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(options);
        SyntheticCohortOptions settings = options.Clone();
        settings.Validate();
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);

        int count = settings.TotalPatients;
        var patients = new SyntheticPatient[count];
        int voxels = settings.Width * settings.Height * settings.Slices;
        long[] shape = { settings.Width, settings.Height, settings.Slices };
        double[,] affine = Affine(settings);
        int written = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, count, parallel,
            () => new WorkerBuffers(voxels, settings.Width * settings.Height),
            (index, _, buffers) =>
            {
                patients[index] = GeneratePatient(folder, settings, index, buffers, shape, affine);
                progress?.Report(Interlocked.Increment(ref written));
                return buffers;
            },
            _ => { });

        string authors = Path.Combine(folder, AuthorsTableName), plain = Path.Combine(folder, PlainTableName);
        AtomicFile.WriteAllText(authors, AuthorsTable(patients));
        AtomicFile.WriteAllText(plain, PlainTable(patients));
        // The table as ReadPlainFormat would read cohort.csv back, built from what is already in memory.
        var subjects = patients.Select(p => new Subject(p.Id, p.ImagePath, p.WeakLabel, p.HistologyLabel, null, p.LabelMapPath));
        return new SyntheticCohort(folder, authors, plain, new SubjectTable(subjects, plain), patients);
    }

    /// <summary>The radiological grade of a fibrosis stage before any reading error: F0-F1 0, F2-F3 1, F4 2.</summary>
    /// <param name="stage">METAVIR stage, 0 to 4.</param>
    public static int RadiologicalGrade(int stage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stage);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(stage, 4);
        return stage switch { <= 1 => 0, <= 3 => 1, _ => 2 };
    }

    private static SyntheticPatient GeneratePatient(string folder, SyntheticCohortOptions settings, int index, WorkerBuffers buffers, long[] shape, double[,] affine)
    {
        PhantomRandom random = PhantomRandom.ForPatient(settings.Seed, index);
        int stage = DrawStage(ref random, settings.StageProbabilities);
        int weak = Misread(ref random, RadiologicalGrade(stage), settings.WeakLabelNoise);
        bool histology = index >= settings.WeakPatients;
        PatientAnatomy anatomy = PatientAnatomy.Draw(ref random, stage, settings.Slices * settings.SliceSpacing);
        AbdomenPhantom.Render(anatomy, settings, buffers.Intensities, buffers.Labels, buffers.Slice, ref random);

        string id = $"synth_{index.ToString(IdFormat(settings.TotalPatients), CultureInfo.InvariantCulture)}";
        string image = Path.Combine(folder, id + ".nii.gz"), labelMap = Path.Combine(folder, id + "_liver.nii.gz");
        NiftiWriter.Write(image, buffers.Intensities, shape, affine, NiftiDataType.Int16);
        NiftiWriter.Write(labelMap, buffers.Labels, shape, affine, NiftiDataType.UInt8);
        return new SyntheticPatient(id + ".nii.gz", stage, weak, histology ? (stage == 4 ? 1 : 0) : null, image, labelMap);
    }

    private static string IdFormat(int count) => "D" + Math.Max(4, count.ToString(CultureInfo.InvariantCulture).Length);

    private static int DrawStage(ref PhantomRandom random, IReadOnlyList<double> probabilities)
    {
        double u = random.NextDouble() * probabilities.Sum();
        for (int stage = 0; stage < 4; stage++)
        {
            u -= probabilities[stage];
            if (u < 0) return stage;
        }
        return 4;
    }

    // A reading error moves the grade to a neighbour, never two grades away.
    private static int Misread(ref PhantomRandom random, int grade, double noise)
    {
        bool wrong = random.NextDouble() < noise;
        bool upwards = random.NextDouble() < 0.5; // drawn always, so later draws do not depend on the outcome
        if (!wrong) return grade;
        return grade switch { 0 => 1, 2 => 1, _ => upwards ? 2 : 0 };
    }

    // RAS, centred on the grid: the canonical reorientation is then the identity.
    private static double[,] Affine(SyntheticCohortOptions o) => new double[,]
    {
        { o.PixelSpacing, 0, 0, -(o.Width - 1) / 2.0 * o.PixelSpacing },
        { 0, o.PixelSpacing, 0, -(o.Height - 1) / 2.0 * o.PixelSpacing },
        { 0, 0, o.SliceSpacing, -(o.Slices - 1) / 2.0 * o.SliceSpacing },
        { 0, 0, 0, 1 },
    };

    private static string AuthorsTable(IReadOnlyList<SyntheticPatient> patients)
    {
        var table = new CsvText("", "subject", "score", "class", "label");
        for (int i = 0; i < patients.Count; i++)
        {
            SyntheticPatient p = patients[i];
            table.Row(i, p.Id, GradeNames[p.WeakLabel], p.WeakLabel, p.HistologyLabel);
        }
        return table.ToString();
    }

    private static readonly string[] GradeNames = { "0 - No or mild fibrosis (F0-F1)", "1 - Significant fibrosis (F2-F3)", "2 - Cirrhosis (F4)" };

    private static string PlainTable(IReadOnlyList<SyntheticPatient> patients)
    {
        var table = new CsvText("subject", "file", "weak_label", "strong_label", "label_map", "stage");
        foreach (SyntheticPatient p in patients)
            table.Row(p.Id, Path.GetFileName(p.ImagePath), p.WeakLabel, p.HistologyLabel, Path.GetFileName(p.LabelMapPath), p.Stage);
        return table.ToString();
    }

    /// <summary>One worker's volumes, reused from patient to patient.</summary>
    private sealed class WorkerBuffers(int voxels, int sliceVoxels)
    {
        public float[] Intensities { get; } = new float[voxels];
        public float[] Labels { get; } = new float[voxels];
        public float[] Slice { get; } = new float[sliceVoxels];
    }
}
