using Microsoft.Win32.SafeHandles;

namespace EdgeMx.Hal.Linux.Crypto.Platform.OpenSsl;

/// <summary>An OpenSSL BN_CTX (scratch space for BIGNUM arithmetic), freed with BN_CTX_free.</summary>
internal sealed class BnContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BnContextHandle()
        : base(ownsHandle: true)
    {
    }

    public static BnContextHandle Create()
    {
        var handle = LibCrypto.BnCtxNew();
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw LibCrypto.Error("BN_CTX_new");
        }
        return handle;
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.BnCtxFree(handle);
        return true;
    }
}
