using System.Text;
using EdgeMx.Hal.Crypto;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Crypto;

public partial class KnownAnswerTests
{
    private const string LargeKeyData = "Test Using Larger Than Block-Size Key - Hash Key First";

    public static TheoryData<string, HashAlgorithm, string, string, string> HmacCases()
    {
        var data = new TheoryData<string, HashAlgorithm, string, string, string>();
        var hiThere = Hex.Format(Encoding.ASCII.GetBytes("Hi There"));
        var jefe = Hex.Format(Encoding.ASCII.GetBytes("Jefe"));
        var whatDoYa = Hex.Format(Encoding.ASCII.GetBytes("what do ya want for nothing?"));
        var large = Hex.Format(Encoding.ASCII.GetBytes(LargeKeyData));
        var key0b = new string('0', 0) + string.Concat(Enumerable.Repeat("0b", 20));
        foreach (var p in Providers.All.Keys)
        {
            // RFC 2202 §3 test cases 1, 2 and 6.
            data.Add(p, HashAlgorithm.Sha1, key0b, hiThere, "b617318655057264e28bc0b6fb378c8ef146be00");
            data.Add(p, HashAlgorithm.Sha1, jefe, whatDoYa, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
            data.Add(p, HashAlgorithm.Sha1, string.Concat(Enumerable.Repeat("aa", 80)), large, "aa4ae5e15272d00e95705637ce8a3b55ed402112");
            // RFC 4231 §4.2, §4.3 and §4.7 (test cases 1, 2 and 6).
            data.Add(p, HashAlgorithm.Sha256, key0b, hiThere, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
            data.Add(p, HashAlgorithm.Sha384, key0b, hiThere,
                "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6");
            data.Add(p, HashAlgorithm.Sha512, key0b, hiThere,
                "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
            data.Add(p, HashAlgorithm.Sha256, jefe, whatDoYa, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
            data.Add(p, HashAlgorithm.Sha384, jefe, whatDoYa,
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
            data.Add(p, HashAlgorithm.Sha512, jefe, whatDoYa,
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
            var aa131 = string.Concat(Enumerable.Repeat("aa", 131));
            data.Add(p, HashAlgorithm.Sha256, aa131, large, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
            data.Add(p, HashAlgorithm.Sha384, aa131, large,
                "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952");
            data.Add(p, HashAlgorithm.Sha512, aa131, large,
                "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HmacCases))]
    public void Hmac_matches_rfc2202_and_rfc4231(string provider, HashAlgorithm hash, string key, string data, string mac)
    {
        using var hmac = Providers.Create(provider).CreateHmac(hash, Hex.Parse(key));
        Assert.Equal(mac.Length / 2, hmac.HashSize);
        var output = new byte[hmac.HashSize];
        Assert.Equal(output.Length, hmac.Compute(Hex.Parse(data), output));
        Assert.Equal(mac, Hex.Format(output));

        // Incremental: byte by byte, then in two pieces; the key survives every reset.
        var bytes = Hex.Parse(data);
        foreach (var b in bytes) hmac.Append([b]);
        Array.Clear(output);
        Assert.Equal(output.Length, hmac.GetHashAndReset(output));
        Assert.Equal(mac, Hex.Format(output));
        hmac.Append(bytes.AsSpan(0, bytes.Length / 3));
        hmac.Append(bytes.AsSpan(bytes.Length / 3));
        hmac.GetHashAndReset(output);
        Assert.Equal(mac, Hex.Format(output));
        Assert.Equal(output.Length, hmac.Compute(bytes, output));
        Assert.Equal(mac, Hex.Format(output));
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Hmac_refuses_misuse(string provider)
    {
        using var hmac = Providers.Create(provider).CreateHmac(HashAlgorithm.Sha256, new byte[32]);
        Assert.Throws<ArgumentException>(() => hmac.Compute([1, 2, 3], new byte[31]));
        hmac.Append([1]);
        Assert.Throws<InvalidOperationException>(() => hmac.Compute([1, 2, 3], new byte[32]));
        Assert.Throws<ArgumentException>(() => hmac.GetHashAndReset(new byte[16]));
        Assert.Equal(32, hmac.GetHashAndReset(new byte[32]));
        Assert.Equal(32, hmac.Compute([1, 2, 3], new byte[40]));
    }
}
