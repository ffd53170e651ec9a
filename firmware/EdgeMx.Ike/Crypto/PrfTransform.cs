using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Crypto;

/// <summary>A pseudorandom function: every PRF EdgeMx supports is an HMAC (RFC 2104, RFC 4868 §2.1).</summary>
public sealed record PrfTransform(PrfAlgorithm Algorithm, HashAlgorithm Hash, int OutputSize, string Keyword, string Name)
{
    /// <summary>For HMAC PRFs the preferred key length is the output length (RFC 7296 §2.13: SK_d, SK_pi, SK_pr).</summary>
    public int KeySize => OutputSize;

    public Transform ToWire() => new(TransformType.PseudoRandomFunction, (ushort)Algorithm);

    public override string ToString() => Name;
}
