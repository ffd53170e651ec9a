using System.Net;
using System.Net.Sockets;

namespace EdgeMx.Net;

/// <summary>Prefix arithmetic on IPv4/IPv6 addresses (System.Net.IPNetwork insists on a clean base address).</summary>
public static class Prefix
{
    public static int MaxLength(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => 32,
        AddressFamily.InterNetworkV6 => 128,
        _ => throw new ArgumentException($"{family} is not IPv4 or IPv6", nameof(family)),
    };

    /// <summary>The address with every bit past <paramref name="length"/> cleared.</summary>
    public static IPAddress Mask(IPAddress address, int length)
    {
        var max = MaxLength(address.AddressFamily);
        if (length < 0 || length > max) throw new ArgumentOutOfRangeException(nameof(length), $"prefix length {length} outside 0..{max}");
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var size);
        bytes = bytes[..size];
        for (var i = 0; i < size; i++)
        {
            var bits = Math.Clamp(length - i * 8, 0, 8);
            bytes[i] &= (byte)(0xff << (8 - bits));
        }
        return new IPAddress(bytes);
    }

    /// <summary>The network of an address with a prefix length (198.51.100.2, 24 → 198.51.100.0/24).</summary>
    public static IPNetwork Network(IPAddress address, int length) => new(Mask(address, length), length);

    /// <summary>The all-zero default prefix of a family (0.0.0.0/0 or ::/0).</summary>
    public static IPNetwork Default(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => new IPNetwork(IPAddress.Any, 0),
        AddressFamily.InterNetworkV6 => new IPNetwork(IPAddress.IPv6Any, 0),
        _ => throw new ArgumentException($"{family} is not IPv4 or IPv6", nameof(family)),
    };
}
