using System.Buffers.Binary;
using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike.Tests.Fuzz;

/// <summary>Mutations of real IKE messages, biased towards what breaks parsers: length fields, payload types,
/// truncation and extension, besides plain bit flips.</summary>
internal sealed class Mutator(int seed)
{
    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] original)
    {
        var data = original.ToArray();
        var rounds = 1 + _random.Next(3);
        for (var i = 0; i < rounds; i++) data = MutateOnce(data);
        return data;
    }

    private byte[] MutateOnce(byte[] data)
    {
        if (data.Length == 0) return [(byte)_random.Next(256)];
        switch (_random.Next(10))
        {
            case 0: // flip a bit
                data[_random.Next(data.Length)] ^= (byte)(1 << _random.Next(8));
                return data;
            case 1: // a random byte
                data[_random.Next(data.Length)] = (byte)_random.Next(256);
                return data;
            case 2: // truncate
                return data[.._random.Next(data.Length)];
            case 3: // extend
                return [.. data, .. Bytes(1 + _random.Next(64))];
            case 4: // a payload length field (generic header bytes 2-3 of some payload)
            {
                var offsets = PayloadOffsets(data);
                if (offsets.Count == 0) goto case 1;
                var at = offsets[_random.Next(offsets.Count)] + 2;
                BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(at), Interesting16());
                return data;
            }
            case 5: // the header's length field
                if (data.Length >= IkeHeader.Size)
                    BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(IkeHeader.LengthOffset), (uint)Interesting16());
                return data;
            case 6: // a next-payload field
            {
                var offsets = PayloadOffsets(data);
                var at = offsets.Count == 0 || _random.Next(2) == 0 ? IkeHeader.NextPayloadOffset : offsets[_random.Next(offsets.Count)];
                if (at < data.Length) data[at] = (byte)(_random.Next(4) == 0 ? _random.Next(256) : 33 + _random.Next(21));
                return data;
            }
            case 7: // duplicate a slice
            {
                var start = _random.Next(data.Length);
                var length = Math.Min(data.Length - start, 1 + _random.Next(48));
                var at = _random.Next(data.Length);
                return [.. data[..at], .. data.AsSpan(start, length), .. data[at..]];
            }
            case 8: // delete a slice
            {
                var start = _random.Next(data.Length);
                var length = Math.Min(data.Length - start, 1 + _random.Next(16));
                return [.. data[..start], .. data[(start + length)..]];
            }
            default: // an interesting 16-bit value anywhere past the header (counts, sizes inside payloads)
                if (data.Length < 2) return data;
                BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(_random.Next(data.Length - 1)), Interesting16());
                return data;
        }
    }

    private ushort Interesting16() => _random.Next(6) switch
    {
        0 => 0,
        1 => (ushort)_random.Next(1, 8),
        2 => 0xffff,
        3 => 0x7fff,
        4 => (ushort)(0xff00 + _random.Next(256)),
        _ => (ushort)_random.Next(65536),
    };

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Offsets of the generic payload headers, walking the chain as far as it makes sense.</summary>
    private static List<int> PayloadOffsets(byte[] data)
    {
        var offsets = new List<int>();
        var at = IkeHeader.Size;
        var next = data.Length > IkeHeader.NextPayloadOffset ? data[IkeHeader.NextPayloadOffset] : 0;
        while (next != 0 && at + 4 <= data.Length && offsets.Count < 64)
        {
            offsets.Add(at);
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at + 2));
            if (next == (byte)PayloadType.Encrypted || length < 4) break;
            next = data[at];
            at += length;
        }
        return offsets;
    }
}
