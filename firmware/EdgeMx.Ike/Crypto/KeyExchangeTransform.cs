using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Crypto;

/// <summary>
/// A key exchange method (Transform Type 4) with the exact KE payload length its public value has: MODP padded to
/// the prime (RFC 7296 §3.4), ECP x||y (RFC 5903 §7), curve25519 the 32-octet u-coordinate (RFC 8031 §3.1).
/// </summary>
public sealed record KeyExchangeTransform(KeyExchangeGroup Group, int PublicKeySize, string Keyword, string Name)
{
    public ushort Number => (ushort)Group;

    public Transform ToWire() => new(TransformType.KeyExchange, Number);

    public override string ToString() => Name;
}
