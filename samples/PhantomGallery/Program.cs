using System.Globalization;
using SkiaSharp;
using Wsp.Data.Synthetic;
using Wsp.Data.Volumes;
using Wsp.Samples.PhantomGallery;

// Renders generated slices of an F0 and an F4 phantom next to a real CT at matching liver levels, in one soft-tissue
// window, and writes the montage as a PNG.
// Usage: dotnet run --project samples/PhantomGallery -- <output.png> [--seed N] [--ct path] [--crop path] [--seg path]
if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal))
{
    Console.Error.WriteLine("Usage: PhantomGallery <output.png> [--seed N] [--ct real_ct.nii.gz] [--crop part_of_it.nii.gz] [--seg label_map_of_the_part.nii.gz]");
    return 2;
}
string output = Path.GetFullPath(args[0]);
int seed = int.Parse(Option(args, "--seed") ?? "3", CultureInfo.InvariantCulture);
string shared = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "nifti");
string ctPath = Option(args, "--ct") ?? Path.Combine(shared, "totalseg__example_ct.nii.gz");
string cropPath = Option(args, "--crop") ?? Path.Combine(shared, "totalseg__example_ct_sm.nii.gz");
string segPath = Option(args, "--seg") ?? Path.Combine(shared, "totalseg__example_seg.nii.gz");
double[] levels = { 0.3, 0.5, 0.65, 0.8 };

// A small cohort with only F0 and F4 patients; the first of each is shown.
string folder = Directory.CreateTempSubdirectory("wsp-gallery-").FullName;
try
{
    var options = new SyntheticCohortOptions { Seed = seed, WeakPatients = 0, HistologyPatients = 6, StageProbabilities = new[] { 0.5, 0, 0, 0, 0.5 } };
    SyntheticCohort cohort = SyntheticCohortGenerator.Generate(folder, options);
    SyntheticPatient healthy = cohort.Patients.FirstOrDefault(p => p.Stage == 0) ?? throw new InvalidOperationException("No F0 patient drawn; try another --seed.");
    SyntheticPatient cirrhotic = cohort.Patients.FirstOrDefault(p => p.Stage == 4) ?? throw new InvalidOperationException("No F4 patient drawn; try another --seed.");

    var montage = new Montage(levels.Length);
    montage.AddRow($"Phantom F0 ({healthy.Id})", PhantomTiles(healthy.ImagePath, levels));
    montage.AddRow($"Phantom F4 ({cirrhotic.Id})", PhantomTiles(cirrhotic.ImagePath, levels));
    montage.AddRow("Real CT (TotalSegmentator example)", RealTiles(ctPath, cropPath, segPath, levels));
    montage.Save(output, "Synthetic phantoms vs a real portal-venous CT - W400/L50, radiological view (patient's right on the image's left, anterior up)");
    Console.WriteLine($"Wrote {output}");
    return 0;
}
finally
{
    Directory.Delete(folder, recursive: true);
}

static IEnumerable<Tile> PhantomTiles(string path, double[] levels)
{
    using CanonicalVolume volume = CanonicalVolume.Read(path);
    return levels.Select(z =>
    {
        int k = Math.Min((int)(z * volume.SliceCount), volume.SliceCount - 1);
        return Tile.From(volume, k, $"z = {z:0.00} (slice {k})");
    }).ToList();
}

// TotalSegmentator's example label map lies on the grid of a 30-slice crop of the CT (same affine in both files,
// although the crop is the CT's top): the crop is located in the CT by matching its first slice. The liver map runs
// from near the liver's inferior tip to the top of the scan, which cuts the dome, so a phantom level is placed at the
// same relative height as in the phantom's mean anatomy by scaling from the tip (u = 0) to the widest slice
// (u = 0.55), and clamped at the scan's top.
static IEnumerable<Tile> RealTiles(string ctPath, string cropPath, string segPath, double[] levels)
{
    using CanonicalVolume ct = CanonicalVolume.Read(ctPath);
    using CanonicalVolume crop = CanonicalVolume.Read(cropPath);
    using CanonicalVolume seg = CanonicalVolume.Read(segPath);
    int offset = Enumerable.Range(0, ct.SliceCount - crop.SliceCount + 1).MinBy(k => Difference(ct.Slice(k), crop.Slice(0)));
    int[] area = Enumerable.Range(0, seg.SliceCount).Select(k => Count(seg.Slice(k), 5f)).ToArray();
    int bottom = offset + Array.FindIndex(area, a => a > 0);
    int widest = offset + Array.IndexOf(area, area.Max());
    Console.WriteLine($"Real CT: {ct.SliceCount} slices; the crop is its slices {offset}..{offset + crop.SliceCount - 1}; liver from slice {bottom}, widest at {widest}; " +
                      $"liver voxels at canonical x {LiverSide(seg)} (x grows towards the patient's right).");
    const double liverBottom = 0.33, liverTop = 0.9, widestLevel = 0.55; // the phantom's mean liver
    return levels.Select(z =>
    {
        double u = (z - liverBottom) / (liverTop - liverBottom);
        int wanted = (int)Math.Round(bottom + u / widestLevel * (widest - bottom));
        int k = Math.Clamp(wanted, 0, ct.SliceCount - 1);
        return Tile.From(ct, k, $"liver level {u:0.00}: slice {k}{(k < wanted ? " (scan top)" : "")}");
    }).ToList();
}

static double Difference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
{
    double sum = 0;
    for (int i = 0; i < a.Length; i++)
        sum += Math.Abs(a[i] - b[i]);
    return sum;
}

static int Count(ReadOnlySpan<float> slice, float label)
{
    int n = 0;
    foreach (float v in slice)
        if (v == label) n++;
    return n;
}

static string LiverSide(CanonicalVolume seg)
{
    double sum = 0;
    long count = 0;
    for (int k = 0; k < seg.SliceCount; k++)
    {
        ReadOnlySpan<float> slice = seg.Slice(k);
        for (int i = 0; i < slice.Length; i++)
            if (slice[i] == 5f) { sum += i % seg.Shape[0]; count++; }
    }
    return string.Create(CultureInfo.InvariantCulture, $"mean {sum / count:0.0} of 0..{seg.Shape[0] - 1}");
}

static string? Option(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
