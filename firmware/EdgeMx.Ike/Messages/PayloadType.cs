namespace EdgeMx.Ike.Messages;

/// <summary>IKEv2 payload types (RFC 7296 §3.2; IANA "IKEv2 Payload Types").</summary>
public enum PayloadType : byte
{
    None = 0,
    SecurityAssociation = 33,
    KeyExchange = 34,
    IdInitiator = 35,
    IdResponder = 36,
    Certificate = 37,
    CertificateRequest = 38,
    Authentication = 39,
    Nonce = 40,
    Notify = 41,
    Delete = 42,
    VendorId = 43,
    TrafficSelectorInitiator = 44,
    TrafficSelectorResponder = 45,
    Encrypted = 46,
    Configuration = 47,
    ExtensibleAuthentication = 48,
    EncryptedFragment = 53,
}

public static class PayloadTypes
{
    /// <summary>
    /// Payload types RFC 7296 defines. For these the critical bit "MUST be ignored by the recipient" (§3.2);
    /// for any other type a set critical bit means the whole message is rejected with UNSUPPORTED_CRITICAL_PAYLOAD
    /// (§2.5).
    /// </summary>
    public static bool IsDefinedByRfc7296(PayloadType type) =>
        type is >= PayloadType.SecurityAssociation and <= PayloadType.ExtensibleAuthentication;

    /// <summary>Short names as strongSwan logs them ("SA", "KE", "N(COOKIE)" is built from these).</summary>
    public static string ShortName(PayloadType type) => type switch
    {
        PayloadType.SecurityAssociation => "SA",
        PayloadType.KeyExchange => "KE",
        PayloadType.IdInitiator => "IDi",
        PayloadType.IdResponder => "IDr",
        PayloadType.Certificate => "CERT",
        PayloadType.CertificateRequest => "CERTREQ",
        PayloadType.Authentication => "AUTH",
        PayloadType.Nonce => "No",
        PayloadType.Notify => "N",
        PayloadType.Delete => "D",
        PayloadType.VendorId => "V",
        PayloadType.TrafficSelectorInitiator => "TSi",
        PayloadType.TrafficSelectorResponder => "TSr",
        PayloadType.Encrypted => "SK",
        PayloadType.Configuration => "CP",
        PayloadType.ExtensibleAuthentication => "EAP",
        PayloadType.EncryptedFragment => "SKF",
        _ => ((byte)type).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
