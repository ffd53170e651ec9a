using EdgeMx.Hal.Crypto;

namespace EdgeMx.Ike.Crypto;

/// <summary>
/// prf and prf+ of RFC 7296 §2.13:
/// <code>
/// prf+ (K,S) = T1 | T2 | T3 | T4 | ...
///   T1 = prf (K, S | 0x01)
///   T2 = prf (K, T1 | S | 0x02)
///   ...
/// </code>
/// The counter is one octet, so at most 255 blocks can be produced; asking for more is an error, not a wrap.
/// </summary>
public static class PrfPlus
{
    public const int MaxIterations = 255;

    public static byte[] Prf(ICryptoProvider provider, PrfTransform prf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        using var hmac = provider.CreateHmac(prf.Hash, key);
        var output = new byte[hmac.HashSize];
        hmac.Compute(data, output);
        return output;
    }

    public static byte[] Derive(ICryptoProvider provider, PrfTransform prf, ReadOnlySpan<byte> key, ReadOnlySpan<byte> seed,
        int length)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
        if (length > MaxIterations * prf.OutputSize)
            throw new ArgumentOutOfRangeException(nameof(length), $"prf+ yields at most {MaxIterations * prf.OutputSize} octets with {prf.Name}");
        var output = new byte[length];
        using var hmac = provider.CreateHmac(prf.Hash, key);
        Span<byte> block = stackalloc byte[hmac.HashSize];
        Span<byte> counter = stackalloc byte[1];
        var written = 0;
        for (var n = 1; written < length; n++)
        {
            if (n > 1) hmac.Append(block);
            hmac.Append(seed);
            counter[0] = (byte)n;
            hmac.Append(counter);
            hmac.GetHashAndReset(block);
            var take = Math.Min(block.Length, length - written);
            block[..take].CopyTo(output.AsSpan(written));
            written += take;
        }
        block.Clear();
        return output;
    }
}
