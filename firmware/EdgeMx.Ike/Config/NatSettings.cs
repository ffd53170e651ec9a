namespace EdgeMx.Ike.Config;

/// <summary>
/// NAT traversal (RFC 7296 §2.23, RFC 3948). With <see cref="ForceEncapsulation"/> we fake our NAT_DETECTION_SOURCE_IP
/// hash so both ends see a NAT and use UDP 4500 even without one (what strongSwan's `encap = yes` does).
/// Keepalives (a single 0xFF octet) keep the NAT mapping open while we are behind a NAT.
/// </summary>
public sealed record NatSettings(bool ForceEncapsulation, TimeSpan KeepaliveInterval)
{
    public static readonly NatSettings Default = new(false, TimeSpan.FromSeconds(20));
}
