using System.Buffers.Binary;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Wsp.Data.Nifti;

/// <summary>Converts raw voxel bytes (either byte order) to scaled real values.</summary>
internal readonly struct VoxelDecoder
{
    private readonly NiftiDataType _type;
    private readonly bool _bigEndian;
    private readonly double _slope;
    private readonly double _intercept;

    public VoxelDecoder(NiftiDataType type, bool bigEndian, double slope, double intercept)
    {
        _type = type;
        _bigEndian = bigEndian;
        _slope = slope;
        _intercept = intercept;
    }

    public void Decode<T>(ReadOnlySpan<byte> raw, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Native byte order (little-endian hosts and files): vectorised conversion, then scaling.
        if (_bigEndian == !BitConverter.IsLittleEndian && TryConvertVectorised(raw, destination))
        {
            if (_slope != 1 || _intercept != 0)
            {
                TensorPrimitives.Multiply((ReadOnlySpan<T>)destination, T.CreateTruncating(_slope), destination);
                TensorPrimitives.Add((ReadOnlySpan<T>)destination, T.CreateTruncating(_intercept), destination);
            }
            return;
        }
        switch (_type)
        {
            case NiftiDataType.UInt8: Fill<T, UInt8Value>(raw, destination); break;
            case NiftiDataType.Int8: Fill<T, Int8Value>(raw, destination); break;
            case NiftiDataType.Int16: Fill<T, Int16Value>(raw, destination); break;
            case NiftiDataType.UInt16: Fill<T, UInt16Value>(raw, destination); break;
            case NiftiDataType.Int32: Fill<T, Int32Value>(raw, destination); break;
            case NiftiDataType.UInt32: Fill<T, UInt32Value>(raw, destination); break;
            case NiftiDataType.Int64: Fill<T, Int64Value>(raw, destination); break;
            case NiftiDataType.UInt64: Fill<T, UInt64Value>(raw, destination); break;
            case NiftiDataType.Float32: Fill<T, Float32Value>(raw, destination); break;
            case NiftiDataType.Float64: Fill<T, Float64Value>(raw, destination); break;
            default: throw new NotSupportedException($"{_type} voxels are not supported.");
        }
    }

    private bool TryConvertVectorised<T>(ReadOnlySpan<byte> raw, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Scaled float64 results are computed in double precision by the loop below, like nibabel's.
        if (typeof(T) != typeof(double) && (_slope != 1 || _intercept != 0))
            return false;
        switch (_type)
        {
            case NiftiDataType.UInt8: TensorPrimitives.ConvertTruncating<byte, T>(raw, destination); return true;
            case NiftiDataType.Int8: TensorPrimitives.ConvertTruncating<sbyte, T>(MemoryMarshal.Cast<byte, sbyte>(raw), destination); return true;
            case NiftiDataType.Int16: TensorPrimitives.ConvertTruncating<short, T>(MemoryMarshal.Cast<byte, short>(raw), destination); return true;
            case NiftiDataType.UInt16: TensorPrimitives.ConvertTruncating<ushort, T>(MemoryMarshal.Cast<byte, ushort>(raw), destination); return true;
            case NiftiDataType.Int32: TensorPrimitives.ConvertTruncating<int, T>(MemoryMarshal.Cast<byte, int>(raw), destination); return true;
            case NiftiDataType.UInt32: TensorPrimitives.ConvertTruncating<uint, T>(MemoryMarshal.Cast<byte, uint>(raw), destination); return true;
            case NiftiDataType.Float32: TensorPrimitives.ConvertTruncating<float, T>(MemoryMarshal.Cast<byte, float>(raw), destination); return true;
            case NiftiDataType.Float64: TensorPrimitives.ConvertTruncating<double, T>(MemoryMarshal.Cast<byte, double>(raw), destination); return true;
            default: return false; // 64-bit integers: the scalar loop
        }
    }

    private void Fill<T, TValue>(ReadOnlySpan<byte> raw, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TValue : IRawValue
    {
        bool scaled = _slope != 1 || _intercept != 0;
        for (int i = 0; i < destination.Length; i++)
        {
            double v = TValue.Read(raw.Slice(i * TValue.Size, TValue.Size), _bigEndian);
            destination[i] = T.CreateTruncating(scaled ? v * _slope + _intercept : v);
        }
    }

    private interface IRawValue
    {
        static abstract int Size { get; }

        static abstract double Read(ReadOnlySpan<byte> bytes, bool bigEndian);
    }

    private readonly struct UInt8Value : IRawValue
    {
        public static int Size => 1;
        public static double Read(ReadOnlySpan<byte> b, bool bigEndian) => b[0];
    }

    private readonly struct Int8Value : IRawValue
    {
        public static int Size => 1;
        public static double Read(ReadOnlySpan<byte> b, bool bigEndian) => (sbyte)b[0];
    }

    private readonly struct Int16Value : IRawValue
    {
        public static int Size => 2;
        public static double Read(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b);
    }

    private readonly struct UInt16Value : IRawValue
    {
        public static int Size => 2;
        public static double Read(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);
    }

    private readonly struct Int32Value : IRawValue
    {
        public static int Size => 4;
        public static double Read(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b);
    }

    private readonly struct UInt32Value : IRawValue
    {
        public static int Size => 4;
        public static double Read(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    private readonly struct Int64Value : IRawValue
    {
        public static int Size => 8;
        public static double Read(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b);
    }

    private readonly struct UInt64Value : IRawValue
    {
        public static int Size => 8;
        public static double Read(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    private readonly struct Float32Value : IRawValue
    {
        public static int Size => 4;
        public static double Read(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b);
    }

    private readonly struct Float64Value : IRawValue
    {
        public static int Size => 8;
        public static double Read(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b);
    }
}
