namespace EdgeMx.Hal.Crypto.Selection;

/// <summary>Board config `crypto.provider`.</summary>
public enum CryptoPreference
{
    /// <summary>Platform when it passes its self-test (OpenSSL: AES-NI/ARMv8 CE, else NEON/bit-sliced code — always
    /// well ahead of managed code), else managed.</summary>
    Auto,
    Platform,
    Managed,
}
