using System.Collections.Immutable;
using EdgeMx.Esp.Ip;
using EdgeMx.Esp.Policy;
using EdgeMx.Esp.Transform;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Esp.Sa;

/// <summary>
/// The receiving side of an ESP SA (RFC 4303 §3.4), in the order the RFC demands: a cheap replay pre-check, then
/// the ICV — before anything in the packet is trusted —, then the replay window update, then padding and Next
/// Header, then (RFC 4301 §5.2) whether the inner packet is one this SA may carry at all. Decryption is in place.
/// </summary>
public sealed class EspInboundSa : EspSecurityAssociation
{
    private readonly ReplayWindow _replay;

    /// <param name="remoteSelectors">What the peer may send from (inner source addresses); empty = anything.</param>
    /// <param name="localSelectors">What the peer may send to (inner destination addresses); empty = anything.</param>
    public EspInboundSa(uint spi, EspCipherSuite suite, EspKeyMaterial keys, bool extendedSequenceNumbers,
        ICryptoProvider crypto, TimeProvider? time = null, EspSaLifetime? lifetime = null,
        int replayWindow = ReplayWindow.DefaultSize, ImmutableArray<TrafficSelector> remoteSelectors = default,
        ImmutableArray<TrafficSelector> localSelectors = default)
        : base(EspSaDirection.Inbound, spi, suite, keys, extendedSequenceNumbers, lifetime ?? EspSaLifetime.Unlimited, crypto,
            time ?? TimeProvider.System)
    {
        _replay = new ReplayWindow(replayWindow, extendedSequenceNumbers);
        RemoteSelectors = remoteSelectors.IsDefault ? [] : remoteSelectors;
        LocalSelectors = localSelectors.IsDefault ? [] : localSelectors;
    }

    public ImmutableArray<TrafficSelector> RemoteSelectors { get; }
    public ImmutableArray<TrafficSelector> LocalSelectors { get; }

    private Action? _firstPacket;

    /// <summary>Runs <paramref name="action"/> once, after the first packet that passes every check of this SA.</summary>
    internal void OnFirstDelivered(Action action) => Volatile.Write(ref _firstPacket, action);

    /// <summary>
    /// Called by the packet path after a successful <see cref="Decapsulate"/> (outside the SA's lock): one volatile
    /// read per packet, the action at most once.
    /// </summary>
    internal void Delivered()
    {
        if (Volatile.Read(ref _firstPacket) is not null) Interlocked.Exchange(ref _firstPacket, null)?.Invoke();
    }

    public int ReplayWindowSize => _replay.Size;

    /// <summary>Highest authenticated sequence number received.</summary>
    public ulong HighestSequence
    {
        get { lock (Gate) return _replay.Top; }
    }

    /// <summary>Tests put the window where a long-lived SA's would be, to cross 2^32 without 4 billion packets.</summary>
    internal void AcceptForTest(ulong sequence)
    {
        lock (Gate) _replay.Accept(sequence);
    }

    /// <summary>The smallest ESP packet this SA can have produced: header, IV, one aligned block, ICV.</summary>
    public int MinimumPacketLength => Suite.HeaderSize + Math.Max(Suite.Alignment, EspPacket.TrailerSize) + Suite.IcvSize;

    /// <summary>
    /// Authenticates and decrypts the ESP packet <paramref name="packet"/> (SPI through ICV, its SPI already matched
    /// to this SA) in place. On success the inner IP packet is
    /// <paramref name="packet"/>[<paramref name="innerOffset"/>..+<paramref name="innerLength"/>].
    /// </summary>
    public EspDropReason Decapsulate(Span<byte> packet, out int innerOffset, out int innerLength, out byte nextHeader)
    {
        innerOffset = innerLength = 0;
        nextHeader = 0;
        var reason = Process(packet, ref innerOffset, ref innerLength, ref nextHeader);
        if (reason != EspDropReason.None) Drops.Increment(reason);
        return reason;
    }

    private EspDropReason Process(Span<byte> packet, ref int innerOffset, ref int innerLength, ref byte nextHeader)
    {
        var suite = Suite;
        var textLength = packet.Length - suite.HeaderSize - suite.IcvSize;
        // Lengths first (RFC 4303 §3.4.4 happens on a packet we can at least lay out): a CBC ciphertext is whole
        // blocks; every ciphertext holds at least the two trailer octets.
        if (packet.Length < MinimumPacketLength || textLength < EspPacket.TrailerSize
            || suite.Encryption != EspEncryption.AesGcm16 && textLength % suite.Alignment != 0)
            return EspDropReason.Malformed;

        lock (Gate)
        {
            if (IsUnusable) return EspDropReason.Expired;
            var replay = _replay.Check(EspPacket.ReadSequence(packet), out var sequence);
            if (replay != EspDropReason.None) return replay;
            if (!Cipher.Open(packet, (uint)(sequence >> 32), ExtendedSequenceNumbers)) return EspDropReason.IntegrityFailure;
            // Only an authenticated packet moves the window (§3.4.3).
            if (!_replay.Accept(sequence)) return EspDropReason.Replay;

            var text = packet.Slice(suite.HeaderSize, textLength);
            var trailer = EspTrailer.TryRead(text, out var payloadLength, out nextHeader);
            if (trailer != EspDropReason.None) return trailer;
            if (nextHeader == EspPacket.NextHeaderNone) return EspDropReason.DummyPacket;
            if (nextHeader is not (EspPacket.NextHeaderIpv4 or EspPacket.NextHeaderIpv6)) return EspDropReason.BadNextHeader;

            var payload = text[..payloadLength];
            if (!IpPacket.TryParse(payload, out var inner) || inner.Version != (nextHeader == EspPacket.NextHeaderIpv4 ? 4 : 6))
                return EspDropReason.BadNextHeader;
            if (!Allowed(inner)) return EspDropReason.PolicyMismatch;

            innerOffset = suite.HeaderSize;
            // A TFC-padded payload (RFC 4303 §2.7) may be longer than the packet: the IP header says where it ends.
            innerLength = inner.TotalLength;
            CountCarried(innerLength);
            return EspDropReason.None;
        }
    }

    private bool Allowed(in IpPacketInfo inner) =>
        MatchesAny(RemoteSelectors, inner, sourceSide: true) && MatchesAny(LocalSelectors, inner, sourceSide: false);

    private static bool MatchesAny(ImmutableArray<TrafficSelector> selectors, in IpPacketInfo inner, bool sourceSide)
    {
        if (selectors.IsEmpty) return true;
        foreach (var selector in selectors)
            if (selector.Matches(inner, sourceSide)) return true;
        return false;
    }
}
