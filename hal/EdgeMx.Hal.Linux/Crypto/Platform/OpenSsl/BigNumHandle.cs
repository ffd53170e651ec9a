using Microsoft.Win32.SafeHandles;

namespace EdgeMx.Hal.Linux.Crypto.Platform.OpenSsl;

/// <summary>An OpenSSL BIGNUM, wiped and freed with BN_clear_free (it may hold a private exponent or a shared secret).</summary>
internal sealed class BigNumHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BigNumHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>An unsigned big-endian integer.</summary>
    public static BigNumHandle FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        var handle = LibCrypto.BnBin2Bn(bytes, bytes.Length, 0);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw LibCrypto.Error("BN_bin2bn");
        }
        return handle;
    }

    public static BigNumHandle Create()
    {
        var handle = LibCrypto.BnNew();
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw LibCrypto.Error("BN_new");
        }
        return handle;
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.BnClearFree(handle);
        return true;
    }
}
