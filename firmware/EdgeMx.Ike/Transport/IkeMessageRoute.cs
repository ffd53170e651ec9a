using System.Buffers.Binary;
using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike.Transport;

/// <summary>
/// Which of several engines behind one set of sockets a received IKE message belongs to, read from the fixed header
/// only (RFC 7296 §3.1) before anything is parsed or trusted. Each engine allocates its SPIs in its own
/// <see cref="Config.SpiPartition"/>, so our SPI in the header names the engine:
/// <list type="bullet">
/// <item>the Initiator flag set: the sender is the SA's original initiator, so we are the responder and our SPI is
/// the responder SPI;</item>
/// <item>the flag clear: the sender is the original responder, our SPI is the initiator SPI;</item>
/// <item>a responder SPI of zero from an initiator: a new IKE_SA_INIT (or its retransmission, or the retry with a
/// COOKIE or another KE group, RFC 7296 §2.6/§1.2, which keep the initiator SPI), spread by the initiator's SPI so
/// every retry reaches the engine that answered the first.</item>
/// </list>
/// A datagram too short for a header goes to engine 0, whose reader rejects and counts it.
/// </summary>
public static class IkeMessageRoute
{
    public static int EngineOf(ReadOnlySpan<byte> message, int engines)
    {
        if (engines <= 1 || message.Length < IkeHeader.Size) return 0;
        var initiatorSpi = BinaryPrimitives.ReadUInt64BigEndian(message);
        var responderSpi = BinaryPrimitives.ReadUInt64BigEndian(message[8..]);
        var fromInitiator = (message[IkeHeader.FlagsOffset] & (byte)IkeHeaderFlags.Initiator) != 0;
        if (!fromInitiator) return (int)(initiatorSpi % (ulong)engines);
        if (responderSpi != 0) return (int)(responderSpi % (ulong)engines);
        // Fibonacci hashing: the high bits of the product depend on every bit of the peer's SPI, so a peer that
        // picks SPIs with a pattern in the low bits still spreads over the engines.
        return (int)((initiatorSpi * 0x9E3779B97F4A7C15UL >> 32) % (ulong)engines);
    }
}
