using System.Text;

namespace EdgeMx.Hal.Crypto.SelfTest;

public static partial class CryptoSelfTest
{
    private static void Hmac(ICryptoProvider provider, HashAlgorithm hash)
    {
        // RFC 2202 §3 test case 2 (SHA-1) and RFC 4231 §4.3 test case 2 (SHA-2): key "Jefe".
        var expected = hash switch
        {
            HashAlgorithm.Sha1 => "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
            HashAlgorithm.Sha256 => "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            HashAlgorithm.Sha384 =>
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
            _ => "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554" +
                 "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
        };
        var data = Encoding.ASCII.GetBytes("what do ya want for nothing?");
        using var hmac = provider.CreateHmac(hash, Encoding.ASCII.GetBytes("Jefe"));
        var mac = new byte[hmac.HashSize];
        if (hmac.Compute(data, mac) != mac.Length) throw new KnownAnswerMismatchException("short HMAC");
        Expect(mac, expected, $"HMAC-{hash} one-shot");

        // The incremental path (prf+ feeds T(n-1) | S | n in pieces), twice to prove the reset.
        for (var round = 0; round < 2; round++)
        {
            hmac.Append(data.AsSpan(0, 7));
            hmac.Append(data.AsSpan(7));
            Array.Clear(mac);
            hmac.GetHashAndReset(mac);
            Expect(mac, expected, $"HMAC-{hash} incremental");
        }
    }
}
