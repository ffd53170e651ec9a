using Microsoft.Win32.SafeHandles;

namespace EdgeMx.Hal.Linux.Crypto.Platform.OpenSsl;

/// <summary>An OpenSSL EVP_PKEY, freed with EVP_PKEY_free.</summary>
internal sealed class EvpPkeyHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpPkeyHandle()
        : base(ownsHandle: true)
    {
    }

    public static EvpPkeyHandle FromRawPrivateKey(int type, ReadOnlySpan<byte> key)
    {
        var handle = LibCrypto.EvpPkeyNewRawPrivateKey(type, 0, key, (nuint)key.Length);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw LibCrypto.Error("EVP_PKEY_new_raw_private_key");
        }
        return handle;
    }

    public static EvpPkeyHandle FromRawPublicKey(int type, ReadOnlySpan<byte> key)
    {
        var handle = LibCrypto.EvpPkeyNewRawPublicKey(type, 0, key, (nuint)key.Length);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw LibCrypto.Error("EVP_PKEY_new_raw_public_key");
        }
        return handle;
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EvpPkeyFree(handle);
        return true;
    }
}
