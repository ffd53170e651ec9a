using System.Security.Cryptography;

namespace EdgeMx.Hal.Crypto.SelfTest;

public static partial class CryptoSelfTest
{
    private static void Ecp(ICryptoProvider provider, KeyExchangeGroup group)
    {
        // RFC 5903 §8.1 / §8.2: the initiator's i, gi, the responder's gr, and girx.
        var (i, gi, gr, girx) = group == KeyExchangeGroup.Ecp256
            ? ("c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
               "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180" +
               "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
               "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63" +
               "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
               "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de")
            : ("099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab194",
               "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f41aa" +
               "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a81c",
               "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3571" +
               "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e6386c",
               "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59746");
        using var ke = provider.CreateKeyExchange(group, H(i));
        Expect(ke.PublicKey, gi, $"{group} gi");
        Expect(ke.DeriveSharedSecret(H(gr)), girx, $"{group} girx");
        var offCurve = H(gr);
        offCurve[^1] ^= 0x01;
        ExpectThrows(() => ke.DeriveSharedSecret(offCurve), $"{group}: an off-curve peer value");
    }

    private static void X25519(ICryptoProvider provider)
    {
        // RFC 7748 §6.1: Alice's private key and public key, Bob's public key, the shared secret.
        using var ke = provider.CreateKeyExchange(KeyExchangeGroup.Curve25519,
            H("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        Expect(ke.PublicKey, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", "X25519 Alice public");
        Expect(ke.DeriveSharedSecret(H("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")),
            "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", "X25519 shared secret");
        // u = 0 is a low-order point: the result is all zero and must be refused (RFC 7748 §6.1, RFC 8031 §2.1).
        ExpectThrows(() => ke.DeriveSharedSecret(new byte[32]), "X25519: a low-order peer value");
    }

    private static void Modp(ICryptoProvider provider, KeyExchangeGroup group)
    {
        // No published IKE vector exists for these groups; these were computed with OpenSSL 3.0 (an implementation
        // independent of both providers) for exponents a = SHA-256("EdgeMx MODP known-answer initiator") and
        // b = SHA-256("... responder"). g^a, g^b and g^ab are 128–384 bytes, so their SHA-256 digests are kept.
        const string a = "5fd087c6a9a65fe3715926759105e119da7032c6e54414dccc55deafb712b3f8";
        const string b = "d83cbeae767db4e21fa0436823eda8bfb64611fcfdaf393e14ba504f8e8122b8";
        var (ga, gb, gab) = group switch
        {
            KeyExchangeGroup.Modp1024 => ("ae3214dfdce705f88a20ffc7547f077181669e2246fdc8e1d193af0fd22c5182",
                "9b019ff1eaf939f4803dbdb568f38c046c851322608a47ee9a8eb1f8c63d5215",
                "1aa14c4aaa6d33898a64bb0879ea7bbbd6a08cb79d010064808bb41ffa741eb7"),
            KeyExchangeGroup.Modp2048 => ("1548f724b93b1434379ba1f83b3cb3c1e10f6e3416bdb7ad505d439838948eb3",
                "c2e309eb414d2ab28c9519cc308ed9c449e55af12a771cbdfad1230f521c4716",
                "0b740ac69365ba84e51f6a2319964b1d7c7db981ba31c2eb55032d425226dca3"),
            _ => ("d355253b692c56ba1396968ea26175d4c65b8d1323efc5dad41a89c23569aae2",
                "16bc36778cd79c6a46f7ea005e1506301867ec56173a96fbf2e72e036500645a",
                "a380e7739e8d71979606457620837dad307fce1fd026f8808a2b30c20315bd6a"),
        };
        using var initiator = provider.CreateKeyExchange(group, H(a));
        using var responder = provider.CreateKeyExchange(group, H(b));
        Expect(SHA256.HashData(initiator.PublicKey), ga, $"{group} g^a");
        Expect(SHA256.HashData(responder.PublicKey), gb, $"{group} g^b");
        Expect(SHA256.HashData(initiator.DeriveSharedSecret(responder.PublicKey)), gab, $"{group} g^ab");
        Expect(SHA256.HashData(responder.DeriveSharedSecret(initiator.PublicKey)), gab, $"{group} g^ba");

        // RFC 6989 §2.1: 1 and p-1 are refused.
        var modp = ModpGroup.Get(group);
        var one = new byte[modp.Length];
        one[^1] = 1;
        ExpectThrows(() => initiator.DeriveSharedSecret(one), $"{group}: peer value 1");
        var pMinus1 = modp.PrimeBytes.ToArray();
        pMinus1[^1] -= 1;
        ExpectThrows(() => initiator.DeriveSharedSecret(pMinus1), $"{group}: peer value p-1");
    }
}
