using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;
using EdgeMx.Testing;

namespace EdgeMx.Ike.Tests.Crypto;

/// <summary>
/// SK payload protection. The vectors were built by make_sk_vectors.py with Python's `cryptography` (an independent
/// implementation of RFC 7296 §3.14 and RFC 5282 §5): IKE_AUTH request, message ID 1, inner payloads
/// N(INITIAL_CONTACT) and IDi FQDN "spoke.lab".
/// </summary>
public class IkeMessageProtectionTests
{
    private const string AesCbcSha256 =
        "010203040506070811121314151617182e2023080000000100000060290000446465666768696a6b6c6d6e6f70717273ce0e0d59941eb4abc0c40d27520c27d1e73b87e4f458ad6ed84c59a314720d1c45fc01a8d6f908ea383cef311a83116d";
    private const string TripleDesSha1 =
        "010203040506070811121314151617182e202308000000010000005429000038c8c9cacbcccdcecf9144b0c62cdd0f3f4f2333d6fcdaff46712b044b146573db4c99c01c8ce08a5b653601c137730896a559b261";
    private const string AesGcm256 =
        "010203040506070811121314151617182e2023080000000100000052290000360000000000000001c87918f55ad110863aab416b4ed5b228ab840fcf3ac39f13953a4d4885792a46c4835b49ff02354d6274";

    private static byte[] Range(int start, int count) => Enumerable.Range(start, count).Select(i => (byte)i).ToArray();

    private static SelectedProposal Suite(string ike)
    {
        var p = ProposalParser.Parse(ProtocolId.Ike, ike)[0];
        return new SelectedProposal(ProtocolId.Ike, 1, [], p.Encryption[0], p.Prf[0], p.Integrity.FirstOrDefault(),
            p.KeyExchange[0], ExtendedSequenceNumbers.No);
    }

    /// <summary>Keys laid out so that the initiator's direction uses (encryption, integrity); the other direction differs.</summary>
    private static IkeSaKeys Keys(byte[] ei, byte[] ai) =>
        new([], ai, ai.Select(b => (byte)~b).ToArray(), ei, ei.Select(b => (byte)~b).ToArray(), [], []);

    public static TheoryData<string, string, byte[], byte[]> Vectors => new()
    {
        { "aes128-sha256-modp2048", AesCbcSha256, Range(0, 16), Range(32, 32) },
        { "3des-sha1-modp1024", TripleDesSha1, Range(0, 24), Range(40, 20) },
        { "aes256gcm16-prfsha256-x25519", AesGcm256, [.. Range(0, 32), 0xa1, 0xa2, 0xa3, 0xa4], [] },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Responder_opens_the_independently_built_message(string suite, string hex, byte[] ei, byte[] ai)
    {
        using var protection = new IkeMessageProtection(TestCrypto.Provider, Suite(suite), Keys(ei, ai), originalInitiator: false);
        var datagram = Hex.Parse(hex);
        var outer = IkeMessage.Decode(datagram);

        Assert.True(protection.TryOpen(datagram, outer, out var inner, out var failure), failure);
        Assert.Equal(NotifyType.InitialContact, Assert.IsType<NotifyPayload>(inner[0]).NotifyType);
        var id = Assert.IsType<IdentificationPayload>(inner[1]);
        Assert.Equal("spoke.lab", System.Text.Encoding.ASCII.GetString(id.Data));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Any_flipped_bit_fails_authentication(string suite, string hex, byte[] ei, byte[] ai)
    {
        using var protection = new IkeMessageProtection(TestCrypto.Provider, Suite(suite), Keys(ei, ai), originalInitiator: false);
        var original = Hex.Parse(hex);
        // header fields, SK header, IV, ciphertext and ICV are all covered
        foreach (var position in new[] { 3, IkeHeader.MessageIdOffset + 3, 29, 33, original.Length / 2, original.Length - 1 })
        {
            var datagram = original.ToArray();
            datagram[position] ^= 0x01;
            IkeMessage outer;
            try
            {
                outer = IkeMessage.Decode(datagram);
            }
            catch (IkeProtocolException)
            {
                continue; // the flip broke the outer framing already
            }
            Assert.False(protection.TryOpen(datagram, outer, out _, out var failure), $"bit at {position}");
            Assert.NotNull(failure);
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_initiator_direction_keys_do_not_open_it(string suite, string hex, byte[] ei, byte[] ai)
    {
        using var protection = new IkeMessageProtection(TestCrypto.Provider, Suite(suite), Keys(ei, ai), originalInitiator: true);
        var datagram = Hex.Parse(hex);
        Assert.False(protection.TryOpen(datagram, IkeMessage.Decode(datagram), out _, out _));
    }

    [Fact]
    public void GCM_sealing_reproduces_the_vector_exactly()
    {
        using var protection = new IkeMessageProtection(TestCrypto.Provider, Suite("aes256gcm16-prfsha256-x25519"),
            Keys([.. Range(0, 32), 0xa1, 0xa2, 0xa3, 0xa4], []), originalInitiator: true);
        var header = new IkeHeader(0x0102030405060708, 0x1112131415161718, PayloadType.None, 2, 0, ExchangeType.IkeAuth,
            IkeHeaderFlags.Initiator, 1, 0);
        var sealedMessage = protection.Seal(header, [new NotifyPayload(NotifyType.InitialContact),
            new IdentificationPayload(true, IdentificationType.Fqdn, "spoke.lab"u8.ToArray())]);
        Assert.Equal(AesGcm256, Hex.Format(sealedMessage));
    }

    [Theory]
    [InlineData("aes128-sha256-modp2048")]
    [InlineData("aes256-sha512-modp2048")]
    [InlineData("aes192-sha384-modp2048")]
    [InlineData("3des-sha1-modp1024")]
    [InlineData("aes128gcm16-prfsha256-ecp256")]
    public void What_one_side_seals_the_other_opens(string suite)
    {
        var s = Suite(suite);
        var ei = Range(1, s.Encryption.KeyMaterialSize);
        var ai = Range(7, s.Integrity?.KeySize ?? 0);
        using var initiator = new IkeMessageProtection(TestCrypto.Provider, s, Keys(ei, ai), originalInitiator: true);
        using var responder = new IkeMessageProtection(TestCrypto.Provider, s, Keys(ei, ai), originalInitiator: false);
        var header = new IkeHeader(1, 2, PayloadType.None, 2, 0, ExchangeType.Informational, IkeHeaderFlags.Response, 7, 0);
        IkePayload[] payloads = [new DeletePayload(ProtocolId.Esp, [0xc0000001]), new NotifyPayload(NotifyType.Cookie, Range(0, 37))];

        var fromResponder = responder.Seal(header, payloads);
        var outer = IkeMessage.Decode(fromResponder);
        Assert.True(initiator.TryOpen(fromResponder, outer, out var inner, out var failure), failure);
        Assert.Equal([0xc0000001u], Assert.IsType<DeletePayload>(inner[0]).Spis);
        Assert.Equal(37, Assert.IsType<NotifyPayload>(inner[1]).Data.Length);

        var empty = initiator.Seal(header with { Flags = IkeHeaderFlags.Initiator }, []);
        Assert.True(responder.TryOpen(empty, IkeMessage.Decode(empty), out var none, out _));
        Assert.Empty(none);
    }

    [Fact]
    public void Truncated_SK_content_fails_before_any_decryption()
    {
        var s = Suite("aes128-sha256-modp2048");
        using var responder = new IkeMessageProtection(TestCrypto.Provider, s, Keys(Range(0, 16), Range(32, 32)), false);
        var datagram = Hex.Parse(AesCbcSha256);
        var shortened = datagram[..^20];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(shortened.AsSpan(IkeHeader.LengthOffset), (uint)shortened.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(shortened.AsSpan(30), (ushort)(shortened.Length - 28));
        Assert.False(responder.TryOpen(shortened, IkeMessage.Decode(shortened), out _, out var failure));
        Assert.Contains("cannot hold", failure);
    }

    // NIST GCM specification test cases 4 (AES-128) and 16 (AES-256): the 12-octet IV cafebabe|facedbaddecaf888
    // is exactly IKE's salt (the last 4 octets of the keying material) followed by the 8-octet explicit IV.
    [Theory]
    [InlineData("feffe9928665731c6d6a8f9467308308",
        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
        "5bc94fbc3221a5db94fae95ae7121a47")]
    [InlineData("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
        "76fc6ece0f4e1768cddf8853bb2d551b")]
    public void GCM_nonce_is_salt_then_IV(string key, string ciphertext, string tag)
    {
        var keyMaterial = Hex.Parse(key + "cafebabe");
        var iv = Hex.Parse("facedbaddecaf888");
        var plaintext = Hex.Parse("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        var aad = Hex.Parse("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        using var aead = TestCrypto.Provider.CreateAead(AeadAlgorithm.AesGcm16, keyMaterial.AsSpan(0, keyMaterial.Length - 4));
        Span<byte> nonce = stackalloc byte[12];
        IkeMessageProtection.ComposeNonce(keyMaterial.AsSpan(keyMaterial.Length - 4), iv, nonce);
        var output = new byte[plaintext.Length];
        var computedTag = new byte[16];
        aead.Encrypt(nonce, plaintext, output, computedTag, aad);
        Assert.Equal(ciphertext, Hex.Format(output));
        Assert.Equal(tag, Hex.Format(computedTag));
    }
}
