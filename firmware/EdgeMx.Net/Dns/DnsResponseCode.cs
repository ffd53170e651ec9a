namespace EdgeMx.Net.Dns;

/// <summary>RCODE (RFC 1035 §4.1.1).</summary>
public enum DnsResponseCode : byte
{
    NoError = 0,
    FormatError = 1,
    ServerFailure = 2,
    NameError = 3,      // NXDOMAIN
    NotImplemented = 4,
    Refused = 5,
}
