using System.Buffers.Binary;

namespace EdgeMx.Esp.Ip;

/// <summary>The Internet checksum (RFC 1071) and its incremental update (RFC 1624).</summary>
public static class InternetChecksum
{
    /// <summary>Adds 16-bit big-endian words of <paramref name="data"/> (odd length padded with zero) to a running sum.</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length) sum += (uint)(data[i] << 8);
        return sum;
    }

    public static ushort Finish(uint sum)
    {
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));

    /// <summary>RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m') when a 16-bit field changes from m to m'.</summary>
    public static ushort Update(ushort checksum, ushort oldValue, ushort newValue)
    {
        uint sum = (ushort)~checksum;
        sum += (ushort)~oldValue;
        sum += newValue;
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>The IPv6 pseudo-header sum (RFC 8200 §8.1) for an upper-layer checksum.</summary>
    public static uint Ipv6PseudoHeader(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, int upperLength, byte nextHeader)
    {
        var sum = Add(Add(0, source), destination);
        sum += (uint)(upperLength >> 16) + (uint)(upperLength & 0xFFFF);
        return sum + nextHeader;
    }
}
