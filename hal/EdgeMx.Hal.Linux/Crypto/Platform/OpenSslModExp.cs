using System.Security.Cryptography;
using EdgeMx.Hal.Linux.Crypto.Platform.OpenSsl;

namespace EdgeMx.Hal.Linux.Crypto.Platform;

/// <summary>
/// Modular exponentiation for MODP Diffie-Hellman through libcrypto's BN_mod_exp_mont_consttime: OpenSSL's assembly
/// Montgomery multiplication is several times faster than <see cref="System.Numerics.BigInteger.ModPow"/> at 2048-3072
/// bits, and constant-time in the exponent (the private value), which BigInteger's is not.
/// </summary>
internal static class OpenSslModExp
{
    /// <summary>True when libcrypto loads and computes a known small case right.</summary>
    public static bool IsAvailable { get; } = Probe();

    private static bool Probe()
    {
        try
        {
            return Power([3], [5], [7], 1)[0] == 5; // 3^5 = 243 = 34 * 7 + 5
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary><paramref name="base"/>^<paramref name="exponent"/> mod <paramref name="modulus"/> (all unsigned big-endian,
    /// the modulus odd) as exactly <paramref name="length"/> big-endian bytes.</summary>
    public static byte[] Power(ReadOnlySpan<byte> @base, ReadOnlySpan<byte> exponent, ReadOnlySpan<byte> modulus, int length)
    {
        using var b = BigNumHandle.FromBigEndian(@base);
        using var e = BigNumHandle.FromBigEndian(exponent);
        using var m = BigNumHandle.FromBigEndian(modulus);
        using var r = BigNumHandle.Create();
        using var context = BnContextHandle.Create();
        if (LibCrypto.BnModExpMontConstTime(r, b, e, m, context, 0) != 1) throw LibCrypto.Error("BN_mod_exp_mont_consttime");
        var result = new byte[length];
        if (LibCrypto.BnBn2BinPad(r, result, length) != length) throw LibCrypto.Error("BN_bn2binpad");
        return result;
    }
}
