using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace EdgeMx.Core.Configuration;

/// <summary>An IPv4 address with a prefix length ("198.51.100.2/24"), and the subnet arithmetic the checks need.</summary>
public readonly record struct Ipv4Prefix(IPAddress Address, int Length)
{
    public uint Mask => Length == 0 ? 0u : uint.MaxValue << (32 - Length);
    public uint NetworkValue => ToUInt(Address) & Mask;
    public uint BroadcastValue => NetworkValue | ~Mask;
    public IPAddress Network => FromUInt(NetworkValue);
    public override string ToString() => $"{Address}/{Length}";
    public string NetworkText => $"{Network}/{Length}";

    public static bool TryParse(string? text, out Ipv4Prefix prefix)
    {
        prefix = default;
        if (text is null) return false;
        var slash = text.IndexOf('/');
        if (slash < 0 || !int.TryParse(text.AsSpan(slash + 1), out var length) || length is < 0 or > 32) return false;
        if (!TryParseAddress(text[..slash], out var address)) return false;
        prefix = new Ipv4Prefix(address, length);
        return true;
    }

    /// <summary>Strict dotted quad (IPAddress.TryParse also accepts "1", "1.2" and hex forms).</summary>
    public static bool TryParseAddress(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text is null || text.Split('.').Length != 4 || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork)
            return false;
        address = parsed;
        return true;
    }

    public bool Contains(IPAddress address) => (ToUInt(address) & Mask) == NetworkValue;

    /// <summary>True when the two subnets share at least one address.</summary>
    public bool Overlaps(Ipv4Prefix other)
    {
        var shorter = Math.Min(Length, other.Length);
        var mask = shorter == 0 ? 0u : uint.MaxValue << (32 - shorter);
        return (NetworkValue & mask) == (other.NetworkValue & mask);
    }

    public static uint ToUInt(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress FromUInt(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
