using EdgeMx.Esp.Transform;
using EdgeMx.Hal.Linux.Crypto.Platform;
using EdgeMx.Testing;

namespace EdgeMx.Esp.Tests.Transform;

/// <summary>The ESP ICV function (HMAC truncated to the suite's ICV length) on RFC 4868 and RFC 2202/2404 data.</summary>
public class IntegrityKnownAnswerTests
{
    [Theory]
    [MemberData(nameof(HmacTestVectors.Cases), MemberType = typeof(HmacTestVectors))]
    public void Icv_is_the_truncated_hmac(HmacTestVectors.Case c)
    {
        var suite = new EspCipherSuite(EspEncryption.AesCbc, 128, c.Integrity);
        using var cipher = new CbcHmacEspCipher(suite, new byte[16], Hex.Parse(c.Key), new PlatformCryptoProvider());
        var icv = new byte[suite.IcvSize];

        cipher.WriteIcv(Hex.Parse(c.Data), 0, esn: false, icv);

        Assert.Equal(c.Icv, Hex.Format(icv));
    }

    [Fact]
    public void With_esn_the_high_sequence_bits_are_appended_to_the_icv_input()
    {
        // RFC 4303 §2.2.1 / RFC 4304 §2: the ICV input is the covered packet followed by Seq high (not transmitted).
        var suite = new EspCipherSuite(EspEncryption.AesCbc, 128, EspIntegrity.HmacSha256_128);
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        using var cipher = new CbcHmacEspCipher(suite, new byte[16], key, new PlatformCryptoProvider());
        var data = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray();
        var icv = new byte[16];

        cipher.WriteIcv(data, 0x01020304, esn: true, icv);

        var expected = System.Security.Cryptography.HMACSHA256.HashData(key, (byte[])[.. data, 1, 2, 3, 4])[..16];
        Assert.Equal(expected, icv);
    }
}
