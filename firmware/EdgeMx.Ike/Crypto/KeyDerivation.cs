using System.Buffers.Binary;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Ike.Crypto;

/// <summary>
/// The key schedule of RFC 7296:
/// <code>
/// SKEYSEED = prf(Ni | Nr, g^ir)                                               (§2.14)
/// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
///          = prf+ (SKEYSEED, Ni | Nr | SPIi | SPIr)                           (§2.14)
/// SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr)        when rekeying the IKE SA (§2.18)
/// KEYMAT   = prf+(SK_d, Ni | Nr)  or  prf+(SK_d, g^ir (new) | Ni | Nr) with PFS  (§2.17)
/// </code>
/// Ni/Nr are the nonce data (no payload header); g^ir is the shared secret in the group's encoding; SPIs are the
/// 8-octet IKE header values.
/// </summary>
public static class KeyDerivation
{
    public static byte[] SkeySeed(ICryptoProvider provider, PrfTransform prf, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr,
        ReadOnlySpan<byte> sharedSecret)
    {
        // HMAC PRFs take the whole Ni | Nr as key (only fixed-key PRFs such as AES-XCBC would halve it).
        var key = Concat(ni, nr);
        try
        {
            return PrfPlus.Prf(provider, prf, key, sharedSecret);
        }
        finally
        {
            Array.Clear(key);
        }
    }

    public static byte[] RekeySkeySeed(ICryptoProvider provider, PrfTransform oldPrf, ReadOnlySpan<byte> oldSkD,
        ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr)
    {
        var data = Concat(sharedSecret, ni, nr);
        try
        {
            return PrfPlus.Prf(provider, oldPrf, oldSkD, data);
        }
        finally
        {
            Array.Clear(data);
        }
    }

    public static IkeSaKeys IkeSaKeys(ICryptoProvider provider, SelectedProposal suite, ReadOnlySpan<byte> skeySeed,
        ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, ulong spiI, ulong spiR)
    {
        var prf = suite.Prf ?? throw new ArgumentException("an IKE proposal has a PRF", nameof(suite));
        var integrity = suite.Integrity?.KeySize ?? 0;
        var encryption = suite.Encryption.KeyMaterialSize;
        var total = prf.KeySize * 3 + integrity * 2 + encryption * 2;

        Span<byte> spis = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(spis, spiI);
        BinaryPrimitives.WriteUInt64BigEndian(spis[8..], spiR);
        var seed = Concat(ni, nr, spis);
        var material = PrfPlus.Derive(provider, prf, skeySeed, seed, total);
        try
        {
            var offset = 0;
            byte[] Take(int count)
            {
                var key = material.AsSpan(offset, count).ToArray();
                offset += count;
                return key;
            }
            return new IkeSaKeys(Take(prf.KeySize), Take(integrity), Take(integrity), Take(encryption), Take(encryption),
                Take(prf.KeySize), Take(prf.KeySize));
        }
        finally
        {
            Array.Clear(material);
            Array.Clear(seed);
        }
    }

    public static ChildSaKeys ChildSaKeys(ICryptoProvider provider, PrfTransform prf, ReadOnlySpan<byte> skD,
        SelectedProposal child, ReadOnlySpan<byte> pfsSharedSecret, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr)
    {
        var encryption = child.Encryption.KeyMaterialSize;
        var integrity = child.Integrity?.KeySize ?? 0;
        var seed = Concat(pfsSharedSecret, ni, nr);
        var material = PrfPlus.Derive(provider, prf, skD, seed, 2 * (encryption + integrity));
        try
        {
            var offset = 0;
            byte[] Take(int count)
            {
                var key = material.AsSpan(offset, count).ToArray();
                offset += count;
                return key;
            }
            var ei = Take(encryption);
            var ai = Take(integrity);
            var er = Take(encryption);
            var ar = Take(integrity);
            return new ChildSaKeys(ei, ai, er, ar);
        }
        finally
        {
            Array.Clear(material);
            Array.Clear(seed);
        }
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c = default)
    {
        var result = new byte[a.Length + b.Length + c.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        c.CopyTo(result.AsSpan(a.Length + b.Length));
        return result;
    }
}
