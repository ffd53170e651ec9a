namespace EdgeMx.Ike.Crypto;

/// <summary>
/// The seven IKE SA keys of RFC 7296 §2.14, taken in this order from prf+(SKEYSEED, Ni | Nr | SPIi | SPIr).
/// SK_ai/SK_ar are empty for AEAD ciphers (RFC 5282 §7.1). Cleared on dispose; never logged.
/// </summary>
public sealed class IkeSaKeys : IDisposable
{
    public IkeSaKeys(byte[] d, byte[] ai, byte[] ar, byte[] ei, byte[] er, byte[] pi, byte[] pr)
    {
        SkD = d;
        SkAi = ai;
        SkAr = ar;
        SkEi = ei;
        SkEr = er;
        SkPi = pi;
        SkPr = pr;
    }

    public byte[] SkD { get; }
    public byte[] SkAi { get; }
    public byte[] SkAr { get; }
    public byte[] SkEi { get; }
    public byte[] SkEr { get; }
    public byte[] SkPi { get; }
    public byte[] SkPr { get; }

    public void Dispose()
    {
        foreach (var key in new[] { SkD, SkAi, SkAr, SkEi, SkEr, SkPi, SkPr }) Array.Clear(key);
    }
}
