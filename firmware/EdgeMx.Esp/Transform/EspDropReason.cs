namespace EdgeMx.Esp.Transform;

/// <summary>
/// Why a packet was not carried. Every drop is counted under one of these, per SA where an SA is known and in the
/// data plane's totals; none of them raises an exception on the packet path.
/// </summary>
public enum EspDropReason
{
    /// <summary>Not dropped.</summary>
    None = 0,

    /// <summary>Inbound: shorter than header + IV + minimal trailer + ICV, or a ciphertext length the cipher cannot have.</summary>
    Malformed,

    /// <summary>Inbound: no SA with this SPI (RFC 4303 §3.4.2: discard and audit).</summary>
    UnknownSpi,

    /// <summary>Inbound: sequence number already received or left of the replay window (RFC 4303 §3.4.3).</summary>
    Replay,

    /// <summary>Inbound: the ICV does not verify (RFC 4303 §3.4.4); nothing else about the packet is trusted.</summary>
    IntegrityFailure,

    /// <summary>Inbound: authenticated, but Pad Length exceeds the payload or the padding is not 1, 2, 3, ... (RFC 4303 §2.4).</summary>
    BadPadding,

    /// <summary>Inbound: authenticated, but Next Header is not IPv4 (4) or IPv6 (41) in tunnel mode, or the inner packet disagrees with it.</summary>
    BadNextHeader,

    /// <summary>Inbound: a dummy packet (Next Header 59), discarded as RFC 4303 §2.6 requires. Counted, not an error.</summary>
    DummyPacket,

    /// <summary>Inbound: the inner packet's addresses are outside the SA's traffic selectors (RFC 4301 §5.2 step 4).</summary>
    PolicyMismatch,

    /// <summary>Outbound: the sequence number would cycle (RFC 4303 §3.3.3); the SA needs rekeying before it sends more.</summary>
    SequenceExhausted,

    /// <summary>Outbound: the SA reached a hard lifetime (time, bytes or packets) and no longer carries traffic.</summary>
    Expired,

    /// <summary>Outbound: no policy covers the destination, or the policy has no SA yet.</summary>
    NoPolicy,

    /// <summary>Outbound: the packet is larger than the tunnel MTU and has DF set (answered with ICMP "fragmentation needed").</summary>
    TooBig,

    /// <summary>Outbound: the packet is not a well-formed IPv4/IPv6 packet.</summary>
    BadInnerPacket,

    /// <summary>The packet could not be handed on (socket or TUN write failed).</summary>
    SendFailed,
}
