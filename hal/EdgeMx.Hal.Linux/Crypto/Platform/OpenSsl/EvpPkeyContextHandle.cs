using Microsoft.Win32.SafeHandles;

namespace EdgeMx.Hal.Linux.Crypto.Platform.OpenSsl;

/// <summary>An OpenSSL EVP_PKEY_CTX, freed with EVP_PKEY_CTX_free.</summary>
internal sealed class EvpPkeyContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpPkeyContextHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EvpPkeyCtxFree(handle);
        return true;
    }
}
