namespace EdgeMx.Hal.Crypto.SelfTest;

public static partial class CryptoSelfTest
{
    // "The Galois/Counter Mode of Operation" (McGrew & Viega, the NIST GCM submission) test cases 4 and 16.
    private const string GcmKey128 = "feffe9928665731c6d6a8f9467308308";
    private const string GcmNonce = "cafebabefacedbaddecaf888";
    private const string GcmAad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
    private const string GcmPlaintext =
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";

    private static void AesGcm(ICryptoProvider provider)
    {
        GcmCase(provider, GcmKey128,
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
            "5bc94fbc3221a5db94fae95ae7121a47", "GCM test case 4");
        GcmCase(provider, GcmKey128 + GcmKey128,
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
            "76fc6ece0f4e1768cddf8853bb2d551b", "GCM test case 16");
    }

    private static void GcmCase(ICryptoProvider provider, string key, string ciphertextHex, string tagHex, string name)
    {
        using var aead = provider.CreateAead(AeadAlgorithm.AesGcm16, H(key));
        var plaintext = H(GcmPlaintext);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        aead.Encrypt(H(GcmNonce), plaintext, ciphertext, tag, H(GcmAad));
        Expect(ciphertext, ciphertextHex, name + " ciphertext");
        Expect(tag, tagHex, name + " tag");

        var decrypted = new byte[plaintext.Length];
        if (!aead.TryDecrypt(H(GcmNonce), ciphertext, tag, decrypted, H(GcmAad)))
            throw new KnownAnswerMismatchException(name + ": the genuine tag was rejected");
        Expect(decrypted, GcmPlaintext, name + " decryption");

        tag[0] ^= 0x01;
        if (aead.TryDecrypt(H(GcmNonce), ciphertext, tag, decrypted, H(GcmAad)))
            throw new KnownAnswerMismatchException(name + ": a forged tag was accepted");
        if (decrypted.AsSpan().ContainsAnyExcept((byte)0))
            throw new KnownAnswerMismatchException(name + ": plaintext not cleared after a forged tag");
    }

    private static void AesCbc(ICryptoProvider provider)
    {
        // RFC 3602 §4 case 2 (AES-128, two blocks).
        CbcCase(provider, CbcAlgorithm.AesCbc, "c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58",
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1", "RFC 3602 case 2");
        // NIST SP 800-38A F.2.5 (CBC-AES256, first block).
        CbcCase(provider, CbcAlgorithm.AesCbc, "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
            "000102030405060708090a0b0c0d0e0f", "6bc1bee22e409f96e93d7e117393172a", "f58c4c04d6e5f1ba779eabfb5f7bfbd6",
            "SP 800-38A F.2.5");
    }

    private static void TripleDesCbc(ICryptoProvider provider)
    {
        // NIST SP 800-67 Rev. 2 Appendix B example (TDEA, three keys). CBC of a single block under a zero IV is the
        // block cipher itself, so the example's three ECB blocks are checked one by one.
        const string key = "0123456789abcdef23456789abcdef01456789abcdef0123";
        const string zeroIv = "0000000000000000";
        CbcCase(provider, CbcAlgorithm.TripleDesCbc, key, zeroIv, "5468652071756663", "a826fd8ce53b855f", "SP 800-67 block 1");
        CbcCase(provider, CbcAlgorithm.TripleDesCbc, key, zeroIv, "6b2062726f776e20", "cce21c8112256fe6", "SP 800-67 block 2");
        CbcCase(provider, CbcAlgorithm.TripleDesCbc, key, zeroIv, "666f78206a756d70", "68d5c05dd9b6b900", "SP 800-67 block 3");
    }

    private static void CbcCase(ICryptoProvider provider, CbcAlgorithm algorithm, string key, string iv,
        string plaintextHex, string ciphertextHex, string name)
    {
        using var cbc = provider.CreateCbc(algorithm, H(key));
        var buffer = H(plaintextHex);
        cbc.Encrypt(H(iv), buffer, buffer); // in place, as ESP does it
        Expect(buffer, ciphertextHex, name + " encryption");
        cbc.Decrypt(H(iv), buffer, buffer);
        Expect(buffer, plaintextHex, name + " decryption");
    }
}
