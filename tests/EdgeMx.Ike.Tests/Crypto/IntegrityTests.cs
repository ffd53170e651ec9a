using EdgeMx.Ike.Crypto;
using EdgeMx.Testing;

namespace EdgeMx.Ike.Tests.Crypto;

/// <summary>RFC 4868 §2.7.2 authenticator test cases (AUTH-HMAC-SHA-256/384/512, "Hi There" with a key of the
/// hash length) and RFC 2202 test case 1 for HMAC-SHA1-96.</summary>
public class IntegrityTests
{
    [Theory]
    [InlineData("sha256", 32, "198a607eb44bfbc69903a0f1cf2bbdc5")]
    [InlineData("sha384", 48, "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973")]
    [InlineData("sha512", 64, "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8")]
    [InlineData("sha1", 20, "b617318655057264e28bc0b6")]
    public void Truncated_HMAC(string keyword, int keyLength, string expected)
    {
        var integrity = TransformCatalog.FindIntegrity(keyword)!;
        Assert.Equal(keyLength, integrity.KeySize);
        var key = Enumerable.Repeat((byte)0x0b, keyLength).ToArray();
        Assert.Equal(expected, Hex.Format(integrity.ComputeIcv(TestCrypto.Provider, key, "Hi There"u8)));
    }
}
