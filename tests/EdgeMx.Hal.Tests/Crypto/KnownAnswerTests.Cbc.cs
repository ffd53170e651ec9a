using System.Security.Cryptography;
using System.Text;
using EdgeMx.Hal.Crypto;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Crypto;

public partial class KnownAnswerTests
{
    public static TheoryData<string, string, string, string, string> AesCbcCases()
    {
        var data = new TheoryData<string, string, string, string, string>();
        foreach (var provider in Providers.All.Keys)
        {
            // RFC 3602 §4, cases 1-4.
            data.Add(provider, "06a9214036b8a15b512e03d534120006", "3dafba429d9eb430b422da802c9fac41",
                Hex.Format(Encoding.ASCII.GetBytes("Single block msg")), "e353779c1079aeb82708942dbe77181a");
            data.Add(provider, "c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58",
                "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1");
            data.Add(provider, "6c3ea0477630ce21a2ce334aa746c2cd", "c782dc4c098c66cbd9cd27d825682c81",
                Hex.Format(Encoding.ASCII.GetBytes("This is a 48-byte message (exactly 3 AES blocks)")),
                "d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5021c19216bad525c8579695d83ba2684");
            data.Add(provider, "56e47a38c5598974bc46903dba290349", "8ce82eefbea0da3c44699ed7db51b7d9",
                Hex.Format(Enumerable.Range(0xa0, 64).Select(i => (byte)i).ToArray()),
                "c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e35907aa632c3ffdf868bb7b29d3d46ad83ce9f9a102ee99d49a53e87f4c3da55");
            // NIST SP 800-38A F.2.5 (AES-256), first block.
            data.Add(provider, "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", "000102030405060708090a0b0c0d0e0f",
                "6bc1bee22e409f96e93d7e117393172a", "f58c4c04d6e5f1ba779eabfb5f7bfbd6");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AesCbcCases))]
    public void Aes_cbc_matches_rfc3602(string provider, string key, string iv, string plaintext, string ciphertext)
    {
        using var cbc = Providers.Create(provider).CreateCbc(CbcAlgorithm.AesCbc, Hex.Parse(key));
        Assert.Equal(16, cbc.BlockSize);
        var output = new byte[plaintext.Length / 2];
        cbc.Encrypt(Hex.Parse(iv), Hex.Parse(plaintext), output);
        Assert.Equal(ciphertext, Hex.Format(output));
        cbc.Decrypt(Hex.Parse(iv), Hex.Parse(ciphertext), output);
        Assert.Equal(plaintext, Hex.Format(output));
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Triple_des_matches_sp800_67(string provider)
    {
        // NIST SP 800-67 Rev. 2, Appendix B: "The qufck brown fox jump" under K1,K2,K3. One-block CBC with a zero IV
        // is the bare block cipher, so each ECB block of the example is checked alone; then the CBC chain is
        // checked against ECB(P2 xor C1).
        using var cbc = Providers.Create(provider).CreateCbc(CbcAlgorithm.TripleDesCbc,
            Hex.Parse("0123456789ABCDEF 23456789ABCDEF01 456789ABCDEF0123"));
        Assert.Equal(8, cbc.BlockSize);
        Assert.Equal(24, cbc.KeySize);
        var plain = Encoding.ASCII.GetBytes("The qufck brown fox jump");
        var expected = Hex.Parse("A826FD8CE53B855F CCE21C8112256FE6 68D5C05DD9B6B900");
        var zero = new byte[8];
        var block = new byte[8];
        for (var i = 0; i < 3; i++)
        {
            cbc.Encrypt(zero, plain.AsSpan(i * 8, 8), block);
            Assert.Equal(Hex.Format(expected.AsSpan(i * 8, 8)), Hex.Format(block));
            cbc.Decrypt(zero, expected.AsSpan(i * 8, 8), block);
            Assert.Equal(Hex.Format(plain.AsSpan(i * 8, 8)), Hex.Format(block));
        }

        var chained = new byte[16];
        cbc.Encrypt(zero, plain.AsSpan(0, 16), chained);
        var p2XorC1 = new byte[8];
        for (var i = 0; i < 8; i++) p2XorC1[i] = (byte)(plain[8 + i] ^ chained[i]);
        cbc.Encrypt(zero, p2XorC1, block);
        Assert.Equal(Hex.Format(block), Hex.Format(chained.AsSpan(8)));
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Triple_des_refuses_degenerate_keys(string provider)
    {
        var p = Providers.Create(provider);
        var k1 = Hex.Parse("0123456789ABCDEF");
        var k2 = Hex.Parse("23456789ABCDEF01");
        Assert.Throws<CryptographicException>(() => p.CreateCbc(CbcAlgorithm.TripleDesCbc, [.. k1, .. k1, .. k2]));
        Assert.Throws<CryptographicException>(() => p.CreateCbc(CbcAlgorithm.TripleDesCbc, [.. k1, .. k2, .. k2]));
        Assert.Throws<CryptographicException>(() => p.CreateCbc(CbcAlgorithm.TripleDesCbc, new byte[16]));
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Cbc_in_place_and_overlapping_buffers_give_the_same_result(string provider)
    {
        using var cbc = Providers.Create(provider).CreateCbc(CbcAlgorithm.AesCbc, Hex.Parse("56e47a38c5598974bc46903dba290349"));
        var iv = Hex.Parse("8ce82eefbea0da3c44699ed7db51b7d9");
        var plain = new byte[64];
        new Random(3).NextBytes(plain);
        var reference = new byte[64];
        cbc.Encrypt(iv, plain, reference);

        var inPlace = plain.ToArray();
        cbc.Encrypt(iv, inPlace, inPlace);
        Assert.Equal(reference, inPlace);

        // Output 16 bytes ahead of the input in one buffer (a caller shifting a packet while encrypting it).
        var shifted = new byte[80];
        plain.CopyTo(shifted, 0);
        cbc.Encrypt(iv, shifted.AsSpan(0, 64), shifted.AsSpan(16, 64));
        Assert.Equal(reference, shifted.AsSpan(16, 64).ToArray());
        cbc.Decrypt(iv, shifted.AsSpan(16, 64), shifted.AsSpan(0, 64));
        Assert.Equal(plain, shifted.AsSpan(0, 64).ToArray());
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Cbc_refuses_partial_blocks_and_short_buffers(string provider)
    {
        using var cbc = Providers.Create(provider).CreateCbc(CbcAlgorithm.AesCbc, new byte[16]);
        Assert.Throws<ArgumentException>(() => cbc.Encrypt(new byte[16], new byte[15], new byte[16]));
        Assert.Throws<ArgumentException>(() => cbc.Encrypt(new byte[8], new byte[16], new byte[16]));
        Assert.Throws<ArgumentException>(() => cbc.Decrypt(new byte[16], new byte[32], new byte[16]));
        Assert.Throws<CryptographicException>(() => Providers.Create(provider).CreateCbc(CbcAlgorithm.AesCbc, new byte[17]));
    }
}
