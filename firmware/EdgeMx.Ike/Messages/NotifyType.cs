namespace EdgeMx.Ike.Messages;

/// <summary>
/// Notify message types (RFC 7296 §3.10.1; RFC 5685 for redirects; IANA "IKEv2 Notify Message Types").
/// Values below 16384 are errors; an unrecognised error in a response means the request failed entirely.
/// </summary>
public enum NotifyType : ushort
{
    // --- errors ---
    UnsupportedCriticalPayload = 1,
    InvalidIkeSpi = 4,
    InvalidMajorVersion = 5,
    InvalidSyntax = 7,
    InvalidMessageId = 9,
    InvalidSpi = 11,
    NoProposalChosen = 14,
    InvalidKePayload = 17,
    AuthenticationFailed = 24,
    SinglePairRequired = 34,
    NoAdditionalSas = 35,
    InternalAddressFailure = 36,
    FailedCpRequired = 37,
    TsUnacceptable = 38,
    InvalidSelectors = 39,
    TemporaryFailure = 43,
    ChildSaNotFound = 44,

    // --- status ---
    InitialContact = 16384,
    SetWindowSize = 16385,
    AdditionalTsPossible = 16386,
    IpcompSupported = 16387,
    NatDetectionSourceIp = 16388,
    NatDetectionDestinationIp = 16389,
    Cookie = 16390,
    UseTransportMode = 16391,
    HttpCertLookupSupported = 16392,
    RekeySa = 16393,
    EspTfcPaddingNotSupported = 16394,
    NonFirstFragmentsAlso = 16395,
    MobikeSupported = 16396,
    MultipleAuthSupported = 16404,
    AnotherAuthFollows = 16405,
    RedirectSupported = 16406,
    Redirect = 16407,
    RedirectedFrom = 16408,
    ChildlessIkev2Supported = 16418,
    Ikev2FragmentationSupported = 16430,
    SignatureHashAlgorithms = 16431,
}

public static class NotifyTypes
{
    public static bool IsError(NotifyType type) => (ushort)type < 16384;

    /// <summary>Names as RFC 7296 and strongSwan's logs spell them, so operators can search for them.</summary>
    public static string Name(NotifyType type) => type switch
    {
        NotifyType.UnsupportedCriticalPayload => "UNSUPPORTED_CRITICAL_PAYLOAD",
        NotifyType.InvalidIkeSpi => "INVALID_IKE_SPI",
        NotifyType.InvalidMajorVersion => "INVALID_MAJOR_VERSION",
        NotifyType.InvalidSyntax => "INVALID_SYNTAX",
        NotifyType.InvalidMessageId => "INVALID_MESSAGE_ID",
        NotifyType.InvalidSpi => "INVALID_SPI",
        NotifyType.NoProposalChosen => "NO_PROPOSAL_CHOSEN",
        NotifyType.InvalidKePayload => "INVALID_KE_PAYLOAD",
        NotifyType.AuthenticationFailed => "AUTHENTICATION_FAILED",
        NotifyType.SinglePairRequired => "SINGLE_PAIR_REQUIRED",
        NotifyType.NoAdditionalSas => "NO_ADDITIONAL_SAS",
        NotifyType.InternalAddressFailure => "INTERNAL_ADDRESS_FAILURE",
        NotifyType.FailedCpRequired => "FAILED_CP_REQUIRED",
        NotifyType.TsUnacceptable => "TS_UNACCEPTABLE",
        NotifyType.InvalidSelectors => "INVALID_SELECTORS",
        NotifyType.TemporaryFailure => "TEMPORARY_FAILURE",
        NotifyType.ChildSaNotFound => "CHILD_SA_NOT_FOUND",
        NotifyType.InitialContact => "INITIAL_CONTACT",
        NotifyType.SetWindowSize => "SET_WINDOW_SIZE",
        NotifyType.AdditionalTsPossible => "ADDITIONAL_TS_POSSIBLE",
        NotifyType.IpcompSupported => "IPCOMP_SUPPORTED",
        NotifyType.NatDetectionSourceIp => "NAT_DETECTION_SOURCE_IP",
        NotifyType.NatDetectionDestinationIp => "NAT_DETECTION_DESTINATION_IP",
        NotifyType.Cookie => "COOKIE",
        NotifyType.UseTransportMode => "USE_TRANSPORT_MODE",
        NotifyType.HttpCertLookupSupported => "HTTP_CERT_LOOKUP_SUPPORTED",
        NotifyType.RekeySa => "REKEY_SA",
        NotifyType.EspTfcPaddingNotSupported => "ESP_TFC_PADDING_NOT_SUPPORTED",
        NotifyType.NonFirstFragmentsAlso => "NON_FIRST_FRAGMENTS_ALSO",
        NotifyType.MobikeSupported => "MOBIKE_SUPPORTED",
        NotifyType.MultipleAuthSupported => "MULTIPLE_AUTH_SUPPORTED",
        NotifyType.AnotherAuthFollows => "ANOTHER_AUTH_FOLLOWS",
        NotifyType.RedirectSupported => "REDIRECT_SUPPORTED",
        NotifyType.Redirect => "REDIRECT",
        NotifyType.RedirectedFrom => "REDIRECTED_FROM",
        NotifyType.ChildlessIkev2Supported => "CHILDLESS_IKEV2_SUPPORTED",
        NotifyType.Ikev2FragmentationSupported => "IKEV2_FRAGMENTATION_SUPPORTED",
        NotifyType.SignatureHashAlgorithms => "SIGNATURE_HASH_ALGORITHMS",
        _ => ((ushort)type).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
