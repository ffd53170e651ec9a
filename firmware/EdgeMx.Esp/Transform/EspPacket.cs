using System.Buffers.Binary;

namespace EdgeMx.Esp.Transform;

/// <summary>
/// The ESP packet layout (RFC 4303 §2):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ----
/// |               Security Parameters Index (SPI)                 | ^Int.
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |Cov-
/// |                      Sequence Number                          | |ered
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ | ----
/// |                    IV (explicit, part of Payload Data)        | |   ^
/// ~                    Payload Data* (variable)                   ~ |   |
/// +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |Conf.
/// |               |     Padding (0-255 bytes)                     | |Cov-
/// +-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |ered*
/// |                               |  Pad Length   | Next Header   | v   v
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ------
/// |         Integrity Check Value-ICV   (variable)                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class EspPacket
{
    public const int SpiOffset = 0;
    public const int SequenceOffset = 4;

    /// <summary>SPI + low-order 32 bits of the sequence number.</summary>
    public const int HeaderSize = 8;

    /// <summary>Pad Length + Next Header.</summary>
    public const int TrailerSize = 2;

    /// <summary>Next Header values in tunnel mode (RFC 4303 §2.6; IANA protocol numbers).</summary>
    public const byte NextHeaderIpv4 = 4;
    public const byte NextHeaderIpv6 = 41;

    /// <summary>A dummy packet for traffic-flow confidentiality: discarded by the receiver (RFC 4303 §2.6).</summary>
    public const byte NextHeaderNone = 59;

    /// <summary>RFC 4303 §2.1: SPIs 1-255 are reserved by IANA and 0 is for local use; none appears on the wire.</summary>
    public const uint MinimumSpi = 256;

    public static uint ReadSpi(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet);

    public static uint ReadSequence(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[SequenceOffset..]);
}
