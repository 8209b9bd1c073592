using System.Buffers.Binary;
using System.Numerics;
using Tensorboard;

namespace Wsp.Training.Tests;

/// <summary>One scalar read back from an event file.</summary>
internal sealed record TensorBoardScalar(string Tag, long Step, float Value);

/// <summary>
/// Reads TensorBoard event files independently of the writer: TFRecord framing (little-endian uint64 length,
/// masked CRC-32C of the length, the serialised <see cref="Event"/>, masked CRC-32C of the data), checking both CRCs.
/// </summary>
internal static class TensorBoardEventReader
{
    /// <summary>The scalars of every event file in the folder, file by file in name order, as TensorBoard reads them.</summary>
    public static IReadOnlyList<TensorBoardScalar> ReadScalars(string folder) =>
        Directory.GetFiles(folder, "events.out.tfevents.*").Order(StringComparer.Ordinal)
            .SelectMany(ReadEvents)
            .Where(e => e.Summary is not null)
            .SelectMany(e => e.Summary.Value.Select(v => new TensorBoardScalar(v.Tag, e.Step, v.SimpleValue)))
            .ToList();

    public static IEnumerable<Event> ReadEvents(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        int at = 0;
        while (at < bytes.Length)
        {
            ReadOnlySpan<byte> lengthBytes = bytes.AsSpan(at, 8);
            int length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes));
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4));
            if (lengthCrc != MaskedCrc(lengthBytes)) throw new InvalidDataException($"{file}: bad length CRC at byte {at}.");
            byte[] data = bytes.AsSpan(at + 12, length).ToArray();
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + length, 4));
            if (dataCrc != MaskedCrc(data)) throw new InvalidDataException($"{file}: bad data CRC at byte {at}.");
            yield return Event.Parser.ParseFrom(data);
            at += 12 + length + 4;
        }
    }

    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        foreach (byte b in data)
            crc = BitOperations.Crc32C(crc, b);
        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}
