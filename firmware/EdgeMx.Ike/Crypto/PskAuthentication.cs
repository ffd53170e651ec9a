using System.Text;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Ike.Crypto;

/// <summary>
/// AUTH with a pre-shared key (RFC 7296 §2.15, method 2 "Shared Key Message Integrity Code"):
/// <code>
/// AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), &lt;SignedOctets&gt;)
/// InitiatorSignedOctets = RealMessage1 | NonceRData | prf(SK_pi, RestOfInitIDPayload)
/// ResponderSignedOctets = RealMessage2 | NonceIData | prf(SK_pr, RestOfRespIDPayload)
/// </code>
/// RealMessage1/2 are the IKE_SA_INIT request/response exactly as sent; RestOfIDPayload is the ID payload body.
/// </summary>
public static class PskAuthentication
{
    private static readonly byte[] KeyPad = Encoding.ASCII.GetBytes("Key Pad for IKEv2");

    public static byte[] Compute(ICryptoProvider provider, PrfTransform prf, ReadOnlySpan<byte> sharedSecret,
        ReadOnlySpan<byte> realMessage, ReadOnlySpan<byte> peerNonce, ReadOnlySpan<byte> skP, ReadOnlySpan<byte> idBody)
    {
        var macedId = PrfPlus.Prf(provider, prf, skP, idBody);
        var signed = new byte[realMessage.Length + peerNonce.Length + macedId.Length];
        realMessage.CopyTo(signed);
        peerNonce.CopyTo(signed.AsSpan(realMessage.Length));
        macedId.CopyTo(signed.AsSpan(realMessage.Length + peerNonce.Length));
        var padded = PrfPlus.Prf(provider, prf, sharedSecret, KeyPad);
        try
        {
            return PrfPlus.Prf(provider, prf, padded, signed);
        }
        finally
        {
            Array.Clear(padded);
        }
    }

    /// <summary>Compares in time independent of where the first difference is.</summary>
    public static bool Verify(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> received) =>
        ConstantTime.Equals(expected, received);
}
