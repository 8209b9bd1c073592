namespace Wsp.Data.Nifti;

/// <summary>NIfTI voxel datatypes (the header's <c>datatype</c> code).</summary>
public enum NiftiDataType : short
{
    /// <summary>1 bit per voxel (not readable as voxels).</summary>
    Binary = 1,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 4,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 8,
    /// <summary>32-bit float.</summary>
    Float32 = 16,
    /// <summary>Two 32-bit floats (not readable as voxels).</summary>
    Complex64 = 32,
    /// <summary>64-bit float.</summary>
    Float64 = 64,
    /// <summary>Three unsigned bytes (not readable as voxels).</summary>
    Rgb24 = 128,
    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 256,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 512,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 768,
    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 1024,
    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 1280,
    /// <summary>128-bit float (not readable as voxels).</summary>
    Float128 = 1536,
    /// <summary>Two 64-bit floats (not readable as voxels).</summary>
    Complex128 = 1792,
    /// <summary>Two 128-bit floats (not readable as voxels).</summary>
    Complex256 = 2048,
    /// <summary>Four unsigned bytes (not readable as voxels).</summary>
    Rgba32 = 2304,
}
