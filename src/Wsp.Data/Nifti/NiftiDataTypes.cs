namespace Wsp.Data.Nifti;

/// <summary>Facts about each datatype: its size on disk and whether voxels can be read as real numbers.</summary>
public static class NiftiDataTypes
{
    /// <summary>Bits per voxel of a datatype, or 0 when the code is unknown.</summary>
    /// <param name="type">The datatype.</param>
    public static int BitsPerVoxel(NiftiDataType type) => type switch
    {
        NiftiDataType.Binary => 1,
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 8,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 16,
        NiftiDataType.Rgb24 => 24,
        NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 or NiftiDataType.Rgba32 => 32,
        NiftiDataType.Int64 or NiftiDataType.UInt64 or NiftiDataType.Float64 or NiftiDataType.Complex64 => 64,
        NiftiDataType.Float128 or NiftiDataType.Complex128 => 128,
        NiftiDataType.Complex256 => 256,
        _ => 0,
    };

    /// <summary>Whether voxels of this type hold one real number each (all integer and float types up to 64 bits).</summary>
    /// <param name="type">The datatype.</param>
    public static bool IsScalar(NiftiDataType type) => type is NiftiDataType.UInt8 or NiftiDataType.Int8
        or NiftiDataType.Int16 or NiftiDataType.UInt16 or NiftiDataType.Int32 or NiftiDataType.UInt32
        or NiftiDataType.Int64 or NiftiDataType.UInt64 or NiftiDataType.Float32 or NiftiDataType.Float64;
}
