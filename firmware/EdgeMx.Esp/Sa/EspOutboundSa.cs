using System.Buffers.Binary;
using EdgeMx.Esp.Transform;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Esp.Sa;

/// <summary>
/// The sending side of an ESP SA (RFC 4303 §3.1-§3.3): assigns sequence numbers, refuses to let them cycle
/// (§3.3.3: the SA must be rekeyed first; a soft expiry is raised well before), and builds each packet in place
/// around the inner packet so nothing is copied.
/// </summary>
public sealed class EspOutboundSa : EspSecurityAssociation
{
    // Ask for a rekey with 1/16 of the sequence space left: ~268 million packets without ESN.
    private const int SoftSequenceShift = 4;
    private readonly ulong _maxSequence;
    private readonly ulong _softSequence;
    private ulong _nextSequence = 1;

    public EspOutboundSa(uint spi, EspCipherSuite suite, EspKeyMaterial keys, bool extendedSequenceNumbers,
        ICryptoProvider crypto, TimeProvider? time = null, EspSaLifetime? lifetime = null)
        : base(EspSaDirection.Outbound, spi, suite, keys, extendedSequenceNumbers, lifetime ?? EspSaLifetime.Unlimited, crypto,
            time ?? TimeProvider.System)
    {
        _maxSequence = extendedSequenceNumbers ? ulong.MaxValue : uint.MaxValue;
        _softSequence = _maxSequence - (_maxSequence >> SoftSequenceShift);
    }

    /// <summary>The sequence number the next packet will carry.</summary>
    public ulong NextSequence
    {
        get { lock (Gate) return _nextSequence; }
    }

    /// <summary>Tests start a counter near its end to see the overflow handling without sending 2^32 packets.</summary>
    internal void SetNextSequenceForTest(ulong next)
    {
        lock (Gate) _nextSequence = next;
    }

    /// <summary>
    /// Turns the inner packet at <paramref name="buffer"/>[<paramref name="payloadOffset"/>..] into an ESP packet in
    /// the same buffer: the header and IV go into the <see cref="EspCipherSuite.HeaderSize"/> octets before the
    /// payload, padding, trailer and ICV after it (at most <see cref="EspCipherSuite.MaxOverhead"/> in all).
    /// </summary>
    public EspDropReason Encapsulate(Span<byte> buffer, int payloadOffset, int payloadLength, byte nextHeader,
        out int packetOffset, out int packetLength)
    {
        var suite = Suite;
        var padding = EspTrailer.PaddingLength(payloadLength, suite.Alignment);
        var textLength = payloadLength + padding + EspPacket.TrailerSize;
        packetOffset = payloadOffset - suite.HeaderSize;
        packetLength = suite.HeaderSize + textLength + suite.IcvSize;
        if (packetOffset < 0 || payloadLength < 0 || packetOffset + packetLength > buffer.Length)
            throw new ArgumentException("the buffer lacks head or tail room for the ESP header and trailer");

        lock (Gate)
        {
            if (IsUnusable)
            {
                Drops.Increment(EspDropReason.Expired);
                return EspDropReason.Expired;
            }
            var sequence = _nextSequence;
            if (sequence > _maxSequence || sequence == 0)
            {
                // RFC 4303 §3.3.3: the counter must not cycle; the SA is dead until IKE replaces it.
                PendingHardReason ??= EspSaExpiryReason.SequenceNumbers;
                Drops.Increment(EspDropReason.SequenceExhausted);
                return EspDropReason.SequenceExhausted;
            }
            _nextSequence = sequence + 1;

            var packet = buffer.Slice(packetOffset, packetLength);
            BinaryPrimitives.WriteUInt32BigEndian(packet, Spi);
            BinaryPrimitives.WriteUInt32BigEndian(packet[EspPacket.SequenceOffset..], (uint)sequence);
            Cipher.NextIv(packet.Slice(EspPacket.HeaderSize, suite.IvSize));
            EspTrailer.Write(packet[(suite.HeaderSize + payloadLength)..], padding, nextHeader);
            Cipher.Seal(packet, textLength, (uint)(sequence >> 32), ExtendedSequenceNumbers);
            CountCarried(payloadLength);
            return EspDropReason.None;
        }
    }

    private protected override bool SoftSequenceReached() => _nextSequence > _softSequence;
}
