using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Platform;
using EdgeMx.Hal.Linux.Crypto.Platform.OpenSsl;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Crypto;

/// <summary>
/// The platform provider's X25519 is OpenSSL's (the known-answer and cross-provider tests check its results); these
/// make sure it is really in use here rather than silently falling back, and that a refused derivation leaves
/// nothing in OpenSSL's per-thread error queue for the BCL's next call to trip over.
/// </summary>
public class OpenSslX25519Tests
{
    [Fact]
    public void The_platform_provider_uses_openssl_for_x25519_on_this_machine()
    {
        Assert.True(LibCrypto.IsAvailable, "libcrypto.so.3 should load where the BCL's own crypto does");
        using var ke = new PlatformCryptoProvider().CreateKeyExchange(KeyExchangeGroup.Curve25519);
        Assert.IsType<OpenSslX25519KeyExchange>(ke);
    }

    [Fact]
    public void A_refused_low_order_point_leaves_the_error_queue_empty()
    {
        using var ke = new OpenSslX25519KeyExchange();
        var ex = Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret(new byte[32]));
        Assert.Contains("X25519", ex.Message);
        // The BCL checks the same thread's queue after its own OpenSSL calls: they must still work.
        using var hmac = new HMACSHA256(new byte[32]);
        Assert.Equal(32, hmac.ComputeHash([1, 2, 3]).Length);
        using var a = new OpenSslX25519KeyExchange();
        using var b = new OpenSslX25519KeyExchange();
        Assert.Equal(Hex.Format(a.DeriveSharedSecret(b.PublicKey)), Hex.Format(b.DeriveSharedSecret(a.PublicKey)));
    }
}
