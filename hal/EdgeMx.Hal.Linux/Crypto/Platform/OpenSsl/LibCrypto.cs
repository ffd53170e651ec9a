using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace EdgeMx.Hal.Linux.Crypto.Platform.OpenSsl;

/// <summary>
/// The few libcrypto (OpenSSL 3) EVP functions the platform provider calls directly, for what the BCL does not
/// offer: X25519. The library is the one the BCL itself uses (libcrypto.so.3 on Debian 12 / Raspberry Pi OS); if it
/// cannot be loaded the provider falls back to the managed implementation (<see cref="IsAvailable"/>).
/// </summary>
internal static partial class LibCrypto
{
    private const string Library = "libcrypto.so.3";

    /// <summary>NID_X25519 / EVP_PKEY_X25519 (openssl/obj_mac.h).</summary>
    public const int NidX25519 = 1034;

    /// <summary>True when libcrypto loads and has the EVP raw-key functions (OpenSSL 1.1.1 and later).</summary>
    public static bool IsAvailable { get; } = Probe();

    private static bool Probe()
    {
        try
        {
            ErrClearError();
            using var key = EvpPkeyHandle.FromRawPrivateKey(NidX25519, new byte[32]);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CryptographicException)
        {
            return false;
        }
    }

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_private_key")]
    public static partial EvpPkeyHandle EvpPkeyNewRawPrivateKey(int type, nint engine, ReadOnlySpan<byte> key, nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_public_key")]
    public static partial EvpPkeyHandle EvpPkeyNewRawPublicKey(int type, nint engine, ReadOnlySpan<byte> key, nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_get_raw_public_key")]
    public static partial int EvpPkeyGetRawPublicKey(EvpPkeyHandle key, Span<byte> destination, ref nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_free")]
    public static partial void EvpPkeyFree(nint key);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_new")]
    public static partial EvpPkeyContextHandle EvpPkeyCtxNew(EvpPkeyHandle key, nint engine);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_free")]
    public static partial void EvpPkeyCtxFree(nint context);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive_init")]
    public static partial int EvpPkeyDeriveInit(EvpPkeyContextHandle context);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive_set_peer")]
    public static partial int EvpPkeyDeriveSetPeer(EvpPkeyContextHandle context, EvpPkeyHandle peer);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive")]
    public static partial int EvpPkeyDerive(EvpPkeyContextHandle context, Span<byte> secret, ref nuint length);

    [LibraryImport(Library, EntryPoint = "ERR_get_error")]
    private static partial nuint ErrGetError();

    [LibraryImport(Library, EntryPoint = "ERR_clear_error")]
    private static partial void ErrClearError();

    [LibraryImport(Library, EntryPoint = "ERR_error_string_n")]
    private static partial void ErrErrorStringN(nuint error, Span<byte> buffer, nuint length);

    /// <summary>The failed call's OpenSSL error queue as an exception (the queue is emptied, so it cannot leak into
    /// the BCL's own OpenSSL calls on this thread).</summary>
    public static CryptographicException Error(string operation)
    {
        var first = ErrGetError();
        while (ErrGetError() != 0)
        {
        }
        if (first == 0) return new CryptographicException($"OpenSSL {operation} failed");
        Span<byte> text = stackalloc byte[256];
        text.Clear();
        ErrErrorStringN(first, text, (nuint)text.Length);
        var end = text.IndexOf((byte)0);
        return new CryptographicException($"OpenSSL {operation} failed: {Encoding.ASCII.GetString(text[..(end < 0 ? text.Length : end)])}");
    }
}
