namespace EdgeMx.Ike.Messages;

/// <summary>Transform types inside a proposal (RFC 7296 §3.3.2).</summary>
public enum TransformType : byte
{
    Encryption = 1,
    PseudoRandomFunction = 2,
    Integrity = 3,
    KeyExchange = 4,
    ExtendedSequenceNumbers = 5,
}
