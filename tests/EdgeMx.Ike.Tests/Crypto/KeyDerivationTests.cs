using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Messages;
using EdgeMx.Testing;

namespace EdgeMx.Ike.Tests.Crypto;

/// <summary>
/// NIST CAVP SP 800-135 IKEv2 KDF vector (ikev2.rsp, [SHA-1], COUNT = 0; DKM and Child SA DKM lengths 1056 bits),
/// as reproduced in libreswan's CAVS test driver (programs/cavp, ikev2 KDF): SKEYSEED, DKM, DKM(Child SA),
/// DKM(Child SA D-H) and SKEYSEED(Rekey).
/// </summary>
public class KeyDerivationTests
{
    private static readonly byte[] Ni = Hex.Parse("32b50d5f4a3763f3");
    private static readonly byte[] Nr = Hex.Parse("9206a04b26564cb1");
    private static readonly byte[] Gir = Hex.Parse("4b2c1f971981a8ad8d0abeafabf38cf75fc8349c148142465ed9c8b516b8be52");
    private static readonly byte[] GirNew = Hex.Parse("863f3c9d06efd39d2b907b97f8699e5dd5251ef64a2a176f36ee40c87d4f9330");
    private const ulong SpiI = 0x34c9e7c188868785;
    private const ulong SpiR = 0x3ff77d760d2b2199;

    private const string SkeySeedExpected = "a9a7b222b59f8f48645f28a1db5b5f5d7479cba7";
    private const string Dkm =
        "a14293677cc80ff8f9cc0eee30d895da9d8f405666e30ef0dfcb63c634a46002a2a63080e514a062768b76606f9fa5e992204fc5a670bde3f10d6b027113936a5c55b648a194ae587b0088d52204b702c979fa280870d2ed41efa9c549fd11198af1670b143d384bd275c5f594cf266b05ebadca855e4249520a441a81157435a7a56cc4";
    private const string DkmChild =
        "8059e3ee8810e6c3a91bc8bcd2a7a41151b8d0e6ae239c7b38093ad85ef4c5811a8e7b5d1cdabd9560b2d5e092d1f24e2d4b85eccdf0ad0dc9abd94b51ee71814ca6dbc8bb51b6309f5b9545c7eb35cf5580b1e521a8fe20754a2d883ba0c2cf285f524aea6545b33106bc03e614296d319d41d4b50b3f510b1c0a22f3e664994d234cb4";
    private const string DkmChildDh =
        "bb43244c1860ad65ee1e211ffe8bb3661750c8f89cb9f547df7f4fa61d37301628190e38c66232eab4b3ab14c400a5197dd3730ed4820a8a10394d51e1c0400052f63ebd36b0e7ef53aaed31eba4a5080d7d4b5666023a8bbb5ffb7857240f9a05884d1b7d2f933708450b7b3288f1fc863ab49fa901227cffc06e27899c7054d56fd74c";
    private const string RekeySkeySeedExpected = "63e81194946ebd05df7df5ebf5d8750056bf1f1d";

    private static readonly PrfTransform PrfSha1 = TransformCatalog.FindPrf("prfsha1")!;

    // aes128-sha1-prfsha1 consumes exactly the vector's 132 octets: 3 x 20 (SK_d, SK_pi, SK_pr) + 2 x 20 (SK_a) + 2 x 16 (SK_e).
    private static SelectedProposal IkeSuite()
    {
        var p = ProposalParser.Parse(ProtocolId.Ike, "aes128-sha1-prfsha1-modp2048")[0];
        return new SelectedProposal(ProtocolId.Ike, 1, [], p.Encryption[0], p.Prf[0], p.Integrity[0], p.KeyExchange[0],
            ExtendedSequenceNumbers.No);
    }

    [Fact]
    public void SKEYSEED()
    {
        Assert.Equal(SkeySeedExpected, Hex.Format(KeyDerivation.SkeySeed(TestCrypto.Provider, PrfSha1, Ni, Nr, Gir)));
    }

    [Fact]
    public void SK_keys_are_the_DKM_in_RFC_7296_order()
    {
        using var keys = KeyDerivation.IkeSaKeys(TestCrypto.Provider, IkeSuite(), Hex.Parse(SkeySeedExpected), Ni, Nr, SpiI, SpiR);
        var concatenated = keys.SkD.Concat(keys.SkAi).Concat(keys.SkAr).Concat(keys.SkEi).Concat(keys.SkEr)
            .Concat(keys.SkPi).Concat(keys.SkPr).ToArray();
        Assert.Equal(Dkm, Hex.Format(concatenated));
        Assert.Equal(20, keys.SkD.Length);
        Assert.Equal(16, keys.SkEi.Length);
    }

    [Fact]
    public void KEYMAT_without_PFS_is_DKM_Child_SA()
    {
        var skD = Hex.Parse(Dkm)[..20];
        Assert.Equal(DkmChild, Hex.Format(PrfPlus.Derive(TestCrypto.Provider, PrfSha1, skD, [.. Ni, .. Nr], 132)));

        // ESP aes128-sha1: SK_ei (16) | SK_ai (20) | SK_er (16) | SK_ar (20), the first 72 octets of KEYMAT
        var esp = ProposalParser.Parse(ProtocolId.Esp, "aes128-sha1")[0];
        var child = new SelectedProposal(ProtocolId.Esp, 1, [], esp.Encryption[0], null, esp.Integrity[0], null, ExtendedSequenceNumbers.No);
        using var keys = KeyDerivation.ChildSaKeys(TestCrypto.Provider, PrfSha1, skD, child, [], Ni, Nr);
        var concatenated = keys.EncryptionInitiator.Concat(keys.IntegrityInitiator).Concat(keys.EncryptionResponder)
            .Concat(keys.IntegrityResponder).ToArray();
        Assert.Equal(DkmChild[..144], Hex.Format(concatenated));
    }

    [Fact]
    public void KEYMAT_with_PFS_is_DKM_Child_SA_D_H()
    {
        var skD = Hex.Parse(Dkm)[..20];
        var esp = ProposalParser.Parse(ProtocolId.Esp, "aes256gcm16-modp2048")[0];
        var child = new SelectedProposal(ProtocolId.Esp, 1, [], esp.Encryption[0], null, null, esp.KeyExchange[0], ExtendedSequenceNumbers.No);
        using var keys = KeyDerivation.ChildSaKeys(TestCrypto.Provider, PrfSha1, skD, child, GirNew, Ni, Nr);
        // AES-GCM-256: 32-octet key + 4-octet salt per direction, no integrity keys
        Assert.Equal(36, keys.EncryptionInitiator.Length);
        Assert.Empty(keys.IntegrityInitiator);
        Assert.Equal(DkmChildDh[..144], Hex.Format(keys.EncryptionInitiator.Concat(keys.EncryptionResponder).ToArray()));
    }

    [Fact]
    public void SKEYSEED_for_an_IKE_SA_rekey()
    {
        var skD = Hex.Parse(Dkm)[..20];
        Assert.Equal(RekeySkeySeedExpected, Hex.Format(KeyDerivation.RekeySkeySeed(TestCrypto.Provider, PrfSha1, skD, GirNew, Ni, Nr)));
    }

    [Fact]
    public void AEAD_IKE_SA_has_no_integrity_keys_and_salted_encryption_keys()
    {
        var p = ProposalParser.Parse(ProtocolId.Ike, "aes256gcm16-prfsha256-x25519")[0];
        var suite = new SelectedProposal(ProtocolId.Ike, 1, [], p.Encryption[0], p.Prf[0], null, p.KeyExchange[0], ExtendedSequenceNumbers.No);
        using var keys = KeyDerivation.IkeSaKeys(TestCrypto.Provider, suite, new byte[32], Ni, Nr, SpiI, SpiR);
        Assert.Empty(keys.SkAi);
        Assert.Equal(36, keys.SkEr.Length);
        Assert.Equal(32, keys.SkPr.Length);
    }
}
