using EdgeMx.Ike.Crypto;
using EdgeMx.Testing;

namespace EdgeMx.Ike.Tests.Crypto;

public class PskAuthenticationTests
{
    // Expected value computed with Python's hmac/hashlib from the RFC 7296 §2.15 formula (an independent
    // implementation); interop with strongSwan in the lab tests proves the octets that go into it.
    [Fact]
    public void AUTH_follows_RFC_7296_2_15()
    {
        var auth = PskAuthentication.Compute(TestCrypto.Provider, TransformCatalog.FindPrf("prfsha256")!,
            "correct horse battery staple"u8, Enumerable.Range(0, 64).Select(i => (byte)i).ToArray(),
            Enumerable.Range(100, 32).Select(i => (byte)i).ToArray(), Enumerable.Range(50, 32).Select(i => (byte)i).ToArray(),
            [2, 0, 0, 0, .. "spoke.lab"u8]);
        Assert.Equal("058e797e13eee7c21f315b999434eef14bc25c6d99643558200127bcd4a8e82c", Hex.Format(auth));
    }

    [Fact]
    public void Verify_compares_whole_values()
    {
        Assert.True(PskAuthentication.Verify([1, 2, 3], [1, 2, 3]));
        Assert.False(PskAuthentication.Verify([1, 2, 3], [1, 2, 4]));
        Assert.False(PskAuthentication.Verify([1, 2, 3], [1, 2]));
    }
}
