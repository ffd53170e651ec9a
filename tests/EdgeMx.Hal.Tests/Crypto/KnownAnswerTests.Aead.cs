using EdgeMx.Hal.Crypto;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Crypto;

/// <summary>AES-GCM-16 against the test cases of "The Galois/Counter Mode of Operation" (McGrew &amp; Viega, the GCM
/// specification NIST adopted in SP 800-38D).</summary>
public partial class KnownAnswerTests
{
    public static TheoryData<string, string, string, string, string, string, string> GcmCases()
    {
        const string k = "feffe9928665731c6d6a8f9467308308";
        const string iv = "cafebabefacedbaddecaf888";
        const string p4 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
        const string aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
        var data = new TheoryData<string, string, string, string, string, string, string>();
        foreach (var provider in Providers.All.Keys)
        {
            // case 2: zero key, one zero block
            data.Add(provider, "00000000000000000000000000000000", "000000000000000000000000", "00000000000000000000000000000000", "",
                "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf");
            // case 3: four blocks, no AAD
            data.Add(provider, k, iv, p4 + "1aafd255", "",
                "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
                "4d5c2af327cd64a62cf35abd2ba6fab4");
            // case 4: partial last block, AAD
            data.Add(provider, k, iv, p4, aad,
                "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
                "5bc94fbc3221a5db94fae95ae7121a47");
            // case 14: AES-256 zero key
            data.Add(provider, new string('0', 64), "000000000000000000000000", "00000000000000000000000000000000", "",
                "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919");
            // case 16: AES-256, AAD
            data.Add(provider, k + k, iv, p4, aad,
                "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
                "76fc6ece0f4e1768cddf8853bb2d551b");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(GcmCases))]
    public void Gcm_encrypts_and_decrypts_the_specification_vectors(string provider, string key, string nonce,
        string plaintext, string aad, string ciphertext, string tag)
    {
        using var aead = Providers.Create(provider).CreateAead(AeadAlgorithm.AesGcm16, Hex.Parse(key));
        Assert.Equal(16, aead.TagSize);
        Assert.Equal(key.Length / 2, aead.KeySize);
        var p = Hex.Parse(plaintext);
        var c = new byte[p.Length];
        var t = new byte[16];
        aead.Encrypt(Hex.Parse(nonce), p, c, t, Hex.Parse(aad));
        Assert.Equal(ciphertext, Hex.Format(c));
        Assert.Equal(tag, Hex.Format(t));

        var back = new byte[c.Length];
        Assert.True(aead.TryDecrypt(Hex.Parse(nonce), c, t, back, Hex.Parse(aad)));
        Assert.Equal(plaintext, Hex.Format(back));
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Gcm_rejects_any_altered_byte_and_clears_the_plaintext(string provider)
    {
        using var aead = Providers.Create(provider).CreateAead(AeadAlgorithm.AesGcm16, Hex.Parse("feffe9928665731c6d6a8f9467308308"));
        var nonce = Hex.Parse("cafebabefacedbaddecaf888");
        var aad = Hex.Parse("feedfacedeadbeef");
        var plaintext = new byte[40];
        new Random(1).NextBytes(plaintext);
        var ciphertext = new byte[40];
        var tag = new byte[16];
        aead.Encrypt(nonce, plaintext, ciphertext, tag, aad);

        var output = new byte[40];
        foreach (var (what, mutate) in new (string, Action<byte[], byte[], byte[], byte[]>)[]
                 {
                     ("tag", (_, _, t, _) => t[15] ^= 0x80),
                     ("ciphertext", (_, c, _, _) => c[0] ^= 0x01),
                     ("aad", (_, _, _, a) => a[3] ^= 0x10),
                     ("nonce", (n, _, _, _) => n[11] ^= 0x01),
                 })
        {
            var (n, c, t, a) = (nonce.ToArray(), ciphertext.ToArray(), tag.ToArray(), aad.ToArray());
            mutate(n, c, t, a);
            Array.Fill(output, (byte)0xEE);
            Assert.False(aead.TryDecrypt(n, c, t, output, a), what);
            Assert.All(output, b => Assert.Equal(0, b));
        }
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Gcm_works_in_place(string provider)
    {
        using var aead = Providers.Create(provider).CreateAead(AeadAlgorithm.AesGcm16, new byte[32]);
        var nonce = new byte[12];
        var buffer = new byte[1400];
        new Random(2).NextBytes(buffer);
        var original = buffer.ToArray();
        var tag = new byte[16];
        aead.Encrypt(nonce, buffer, buffer, tag, default);
        Assert.NotEqual(original, buffer);
        Assert.True(aead.TryDecrypt(nonce, buffer, tag, buffer, default));
        Assert.Equal(original, buffer);
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Gcm_refuses_to_encrypt_twice_in_a_row_under_one_nonce(string provider)
    {
        using var aead = Providers.Create(provider).CreateAead(AeadAlgorithm.AesGcm16, new byte[16]);
        byte[] n1 = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], n2 = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];
        var output = new byte[16];
        var tag = new byte[16];
        aead.Encrypt(n1, new byte[16], output, tag, default);
        Assert.Throws<System.Security.Cryptography.CryptographicException>(() => aead.Encrypt(n1, new byte[16], output, tag, default));
        aead.Encrypt(n2, new byte[16], output, tag, default);
        // Decryption is not limited: a retransmitted packet decrypts again (replay is the ESP window's job).
        Assert.True(aead.TryDecrypt(n2, output, tag, new byte[16], default));
        Assert.True(aead.TryDecrypt(n2, output, tag, new byte[16], default));
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Gcm_refuses_bad_sizes(string provider)
    {
        var p = Providers.Create(provider);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => p.CreateAead(AeadAlgorithm.AesGcm16, new byte[20]));
        using var aead = p.CreateAead(AeadAlgorithm.AesGcm16, new byte[16]);
        Assert.Throws<ArgumentException>(() => aead.Encrypt(new byte[8], new byte[16], new byte[16], new byte[16], default));
        Assert.Throws<ArgumentException>(() => aead.Encrypt(new byte[12], new byte[16], new byte[15], new byte[16], default));
        Assert.Throws<ArgumentException>(() => aead.Encrypt(new byte[12], new byte[16], new byte[16], new byte[12], default));
        Assert.Throws<ArgumentException>(() => aead.TryDecrypt(new byte[12], new byte[16], new byte[8], new byte[16], default));
    }
}
