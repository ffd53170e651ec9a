namespace EdgeMx.Esp.Sa;

public enum EspSaExpiryReason
{
    Time,
    Bytes,
    Packets,

    /// <summary>The outbound sequence number is close to cycling (soft) or would cycle (hard), RFC 4303 §3.3.3.</summary>
    SequenceNumbers,
}
