using System.Numerics;
using System.Security.Cryptography;

namespace EdgeMx.Hal.Linux.Crypto;

/// <summary>Fixed-length big-endian encodings of non-negative integers (RFC 7296 §2.14 / §3.4: KE values and g^ir are
/// left-padded with zeros to the length of the modulus).</summary>
internal static class BigEndian
{
    public static byte[] Encode(BigInteger value, int length)
    {
        var bytes = new byte[length];
        if (!value.TryWriteBytes(bytes.AsSpan(length - value.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true))
            throw new CryptographicException($"value does not fit in {length} bytes");
        return bytes;
    }

    /// <summary>A uniformly random integer of <paramref name="bits"/> bits greater than 1.</summary>
    public static BigInteger RandomAbove1(int bits)
    {
        Span<byte> buffer = stackalloc byte[(bits + 7) / 8];
        while (true)
        {
            RandomNumberGenerator.Fill(buffer);
            var excess = buffer.Length * 8 - bits;
            if (excess > 0) buffer[0] &= (byte)(0xFF >> excess);
            var value = new BigInteger(buffer, isUnsigned: true, isBigEndian: true);
            CryptographicOperations.ZeroMemory(buffer);
            if (value > BigInteger.One) return value;
        }
    }
}
