namespace EdgeMx.Ike.Messages;

/// <summary>ID types of the IDi/IDr payloads (RFC 7296 §3.5). EdgeMx configures FQDN, IPv4/IPv6 and KEY_ID.</summary>
public enum IdentificationType : byte
{
    Ipv4Address = 1,
    Fqdn = 2,
    Rfc822Address = 3,
    Ipv6Address = 5,
    DerAsn1Dn = 9,
    DerAsn1Gn = 10,
    KeyId = 11,
}
