namespace EdgeMx.Esp.Sa;

/// <summary>
/// A lifetime event for IKE: soft = rekey now (make-before-break), hard = the SA has stopped carrying traffic and
/// should be deleted. Reported once per SA and kind.
/// </summary>
public sealed record EspSaExpiry(uint Spi, EspSaDirection Direction, bool Hard, EspSaExpiryReason Reason)
{
    public override string ToString() =>
        $"{(Hard ? "hard" : "soft")} expiry of {Direction.ToString().ToLowerInvariant()} SA {Spi:x8} ({Reason})";
}
