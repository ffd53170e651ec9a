namespace EdgeMx.Ike.Messages;

/// <summary>
/// Flags octet of the IKE header (RFC 7296 §3.1). Bits not named here are reserved: senders clear them, receivers
/// ignore them. An IKEv1 peer that receives 0x08 (Initiator) complains "invalid flag 0x08" (seed 001).
/// </summary>
[Flags]
public enum IkeHeaderFlags : byte
{
    None = 0,

    /// <summary>Set in messages sent by the original initiator of the IKE SA.</summary>
    Initiator = 0x08,

    /// <summary>"Version": the sender could speak a higher major version. Never set by us.</summary>
    Version = 0x10,

    /// <summary>Set in responses (the message answers a request with the same Message ID).</summary>
    Response = 0x20,
}
