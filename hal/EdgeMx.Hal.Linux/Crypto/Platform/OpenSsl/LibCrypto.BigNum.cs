using System.Runtime.InteropServices;

namespace EdgeMx.Hal.Linux.Crypto.Platform.OpenSsl;

/// <summary>libcrypto's BIGNUM functions, for MODP Diffie-Hellman (<see cref="OpenSslModExp"/>).</summary>
internal static partial class LibCrypto
{
    [LibraryImport(Library, EntryPoint = "BN_bin2bn")]
    public static partial BigNumHandle BnBin2Bn(ReadOnlySpan<byte> bytes, int length, nint reuse);

    [LibraryImport(Library, EntryPoint = "BN_new")]
    public static partial BigNumHandle BnNew();

    [LibraryImport(Library, EntryPoint = "BN_clear_free")]
    public static partial void BnClearFree(nint value);

    /// <summary>Writes |value| big-endian, left-padded with zeros to exactly <paramref name="length"/> bytes; -1 when it does not fit.</summary>
    [LibraryImport(Library, EntryPoint = "BN_bn2binpad")]
    public static partial int BnBn2BinPad(BigNumHandle value, Span<byte> destination, int length);

    [LibraryImport(Library, EntryPoint = "BN_CTX_new")]
    public static partial BnContextHandle BnCtxNew();

    [LibraryImport(Library, EntryPoint = "BN_CTX_free")]
    public static partial void BnCtxFree(nint context);

    /// <summary>result = base^exponent mod modulus in constant time (odd modulus); the last argument may be 0.</summary>
    [LibraryImport(Library, EntryPoint = "BN_mod_exp_mont_consttime")]
    public static partial int BnModExpMontConstTime(BigNumHandle result, BigNumHandle @base, BigNumHandle exponent,
        BigNumHandle modulus, BnContextHandle context, nint montgomery);
}
