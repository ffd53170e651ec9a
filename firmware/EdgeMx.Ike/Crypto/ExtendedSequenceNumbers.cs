namespace EdgeMx.Ike.Crypto;

/// <summary>Transform Type 5 IDs (RFC 7296 §3.3.2): whether the CHILD_SA uses 64-bit ESP sequence numbers (RFC 4304).</summary>
public enum ExtendedSequenceNumbers : ushort
{
    No = 0,
    Yes = 1,
}
