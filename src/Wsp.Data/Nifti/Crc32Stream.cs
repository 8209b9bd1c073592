using System.IO.Hashing;

namespace Wsp.Data.Nifti;

/// <summary>A read-only, forward-only view of a stream that keeps the CRC-32 and the count of the bytes read through it.</summary>
internal sealed class Crc32Stream : Stream
{
    private readonly Stream _inner;
    private readonly Crc32 _crc = new();

    public Crc32Stream(Stream inner) => _inner = inner;

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>CRC-32 (gzip's polynomial) of the bytes read so far.</summary>
    public uint Crc => _crc.GetCurrentHashAsUInt32();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int got = _inner.Read(buffer);
        _crc.Append(buffer[..got]);
        BytesRead += got;
        return got;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
