namespace EdgeMx.Esp.Backends.UserSpace;

/// <summary>
/// What a datagram on the NAT-T port is (RFC 3948 §2): IKE behind the 4-octet non-ESP marker (all zero, where ESP
/// would have its SPI, which is never 0), a NAT-keepalive (the single octet 0xFF, §2.3), or ESP.
/// </summary>
public static class UdpEncapsulation
{
    public const int NonEspMarkerSize = 4;
    public const byte KeepaliveOctet = 0xFF;

    public enum Kind
    {
        Esp,
        Ike,
        Keepalive,

        /// <summary>Too short to be anything (1-3 octets other than a keepalive, or empty).</summary>
        Invalid,
    }

    public static Kind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length == 1 && datagram[0] == KeepaliveOctet) return Kind.Keepalive;
        if (datagram.Length < NonEspMarkerSize) return Kind.Invalid;
        return datagram[0] == 0 && datagram[1] == 0 && datagram[2] == 0 && datagram[3] == 0 ? Kind.Ike : Kind.Esp;
    }
}
