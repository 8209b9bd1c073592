using Wsp.Data.Nifti;
using Wsp.Data.Subjects;

namespace Wsp.Benchmarks;

/// <summary>A cohort of random int16 CT-like volumes written to a temporary folder for the loader benchmarks.</summary>
internal static class SyntheticCohort
{
    public static SubjectTable Create(int subjects, int side, int slices)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"wsp-bench-cohort-{subjects}x{side}x{slices}");
        Directory.CreateDirectory(folder);
        var random = new Random(1);
        var list = new List<Subject>();
        var voxels = new float[side * side * slices];
        for (int s = 0; s < subjects; s++)
        {
            string path = Path.Combine(folder, $"s{s}.nii.gz");
            if (!File.Exists(path))
            {
                for (int i = 0; i < voxels.Length; i++)
                    voxels[i] = random.Next(-1000, 1000);
                NiftiWriter.Write(path, voxels, new long[] { side, side, slices }, dataType: NiftiDataType.Int16);
            }
            list.Add(new Subject($"s{s}", path, s % 3, null, null));
        }
        return new SubjectTable(list, folder);
    }
}
