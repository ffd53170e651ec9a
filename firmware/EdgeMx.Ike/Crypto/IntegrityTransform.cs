using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Crypto;

/// <summary>An HMAC integrity algorithm truncated to <see cref="IcvSize"/> octets (RFC 2404, RFC 4868 §2.3).</summary>
public sealed record IntegrityTransform(IntegrityAlgorithm Algorithm, HashAlgorithm Hash, int KeySize, int IcvSize,
    string Keyword, string Name)
{
    public Transform ToWire() => new(TransformType.Integrity, (ushort)Algorithm);

    /// <summary>HMAC of <paramref name="data"/> truncated to the ICV length ("HMAC-SHA-256-128", RFC 4868 §2.6).</summary>
    public byte[] ComputeIcv(ICryptoProvider provider, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        using var hmac = provider.CreateHmac(Hash, key);
        Span<byte> full = stackalloc byte[hmac.HashSize];
        hmac.Compute(data, full);
        return full[..IcvSize].ToArray();
    }

    public override string ToString() => Name;
}
