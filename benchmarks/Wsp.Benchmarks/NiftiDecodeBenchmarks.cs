using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Wsp.Data.Nifti;

namespace Wsp.Benchmarks;

/// <summary>
/// Decoding every voxel of real files to float64 (as nibabel's get_fdata) and to float32. Throughput in
/// MB/s of on-disk voxels = voxel bytes / mean time; see benchmarks/README.md for the table and for
/// nibabel on the same files (benchmarks/nibabel/decode_throughput.py).
/// </summary>
[MemoryDiagnoser]
public class NiftiDecodeBenchmarks
{
    private string _path = null!;
    private double[] _doubles = null!;
    private float[] _floats = null!;

    [Params("totalseg__example_ct.nii.gz", "totalseg__example_ct_sm.nii.gz", "niivuedemo__CT_AVM.nii.gz", "deb-nibabel__anatomical.nii", "totalseg__example_ct.nii")]
    public string File { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        string source = Path.Combine(SharedData.NiftiFolder, File);
        _path = System.IO.File.Exists(source) ? source : Decompressed(source);
        long voxels = NiftiFile.Open(_path).Header.VoxelCount;
        _doubles = new double[voxels];
        _floats = new float[voxels];
    }

    private string Decompressed(string source)
    {
        // The uncompressed CT: decompressed from the shared .nii.gz into a temporary file.
        string path = Path.Combine(Path.GetTempPath(), "wsp-bench-" + File);
        using var input = new GZipStream(System.IO.File.OpenRead(source + ".gz"), CompressionMode.Decompress);
        using var output = System.IO.File.Create(path);
        input.CopyTo(output);
        return path;
    }

    [Benchmark(Baseline = true)]
    public double Float64() => NiftiFile.Open(_path).ReadVoxels<double>()[0];

    [Benchmark]
    public float Float32() => NiftiFile.Open(_path).ReadVoxels<float>()[0];

    /// <summary>Into a reused buffer, as the loader decodes (pooled): no fresh memory to page in.</summary>
    [Benchmark]
    public double Float64IntoBuffer()
    {
        NiftiFile file = NiftiFile.Open(_path);
        file.ReadSlices<double>(0, file.SliceCount, _doubles);
        return _doubles[0];
    }

    /// <summary>Into a reused float32 buffer.</summary>
    [Benchmark]
    public float Float32IntoBuffer()
    {
        NiftiFile file = NiftiFile.Open(_path);
        file.ReadSlices<float>(0, file.SliceCount, _floats);
        return _floats[0];
    }
}
