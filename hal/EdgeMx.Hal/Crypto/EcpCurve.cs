using System.Numerics;
using System.Security.Cryptography;

namespace EdgeMx.Hal.Crypto;

/// <summary>
/// The NIST prime curves used by IKEv2 groups 19 and 20 (RFC 5903 §3.1–3.2; y² = x³ − 3x + b over GF(p)), with the
/// peer-value check every provider runs before it trusts a public value: both coordinates below p and the point on the
/// curve (RFC 5903 §7 encodes x‖y, so the point at infinity cannot be sent; RFC 6989 §2.3 asks for this check).
/// </summary>
public sealed class EcpCurve
{
    public static readonly EcpCurve P256 = new(KeyExchangeGroup.Ecp256, "P-256",
        "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF",
        "5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B",
        "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");

    public static readonly EcpCurve P384 = new(KeyExchangeGroup.Ecp384, "P-384",
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFF",
        "B3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEF",
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973");

    private EcpCurve(KeyExchangeGroup group, string name, string p, string b, string n)
    {
        Group = group;
        Name = name;
        Prime = Parse(p);
        B = Parse(b);
        Order = Parse(n);
        Length = p.Length / 2;
    }

    public KeyExchangeGroup Group { get; }

    /// <summary>NIST name ("P-256", "P-384").</summary>
    public string Name { get; }

    public BigInteger Prime { get; }
    public BigInteger B { get; }
    public BigInteger Order { get; }

    /// <summary>Field size in bytes: each coordinate and the shared secret (x of the product) have this length.</summary>
    public int Length { get; }

    public static bool TryGet(KeyExchangeGroup group, out EcpCurve curve)
    {
        curve = group switch
        {
            KeyExchangeGroup.Ecp256 => P256,
            KeyExchangeGroup.Ecp384 => P384,
            _ => null!,
        };
        return curve is not null;
    }

    public static EcpCurve Get(KeyExchangeGroup group) =>
        TryGet(group, out var curve) ? curve : throw new ArgumentOutOfRangeException(nameof(group), group, "not an ECP group");

    /// <summary>Throws <see cref="CryptographicException"/> unless <paramref name="peer"/> is x‖y of a point on this
    /// curve with both coordinates in [0, p).</summary>
    public void ValidatePublicValue(ReadOnlySpan<byte> peer)
    {
        if (peer.Length != 2 * Length)
            throw new CryptographicException($"{Name} public value must be {2 * Length} bytes (x||y), got {peer.Length}");
        var x = new BigInteger(peer[..Length], isUnsigned: true, isBigEndian: true);
        var y = new BigInteger(peer[Length..], isUnsigned: true, isBigEndian: true);
        if (x >= Prime || y >= Prime)
            throw new CryptographicException($"{Name} public value has a coordinate not below p");
        // y² ≡ x³ − 3x + b (mod p)
        var left = BigInteger.ModPow(y, 2, Prime);
        var right = ((BigInteger.ModPow(x, 3, Prime) - 3 * x + B) % Prime + Prime) % Prime;
        if (left != right)
            throw new CryptographicException($"{Name} public value is not a point on the curve");
    }

    /// <summary>Throws unless 0 &lt; d &lt; n and the encoding is exactly <see cref="Length"/> bytes.</summary>
    public BigInteger ValidatePrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != Length)
            throw new CryptographicException($"{Name} private key must be {Length} bytes, got {privateKey.Length}");
        var d = new BigInteger(privateKey, isUnsigned: true, isBigEndian: true);
        if (d.IsZero || d >= Order)
            throw new CryptographicException($"{Name} private key is not in [1, n-1]");
        return d;
    }

    private static BigInteger Parse(string hex) =>
        new(Convert.FromHexString(hex), isUnsigned: true, isBigEndian: true);
}
