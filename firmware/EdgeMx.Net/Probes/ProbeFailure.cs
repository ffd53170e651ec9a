namespace EdgeMx.Net.Probes;

/// <summary>Why a probe failed, in the terms seed 000 uses for "down" (unreachable, reset, bad status, timeout).</summary>
public enum ProbeFailure
{
    None,
    /// <summary>No answer before the probe's deadline.</summary>
    Timeout,
    /// <summary>ICMP destination unreachable / time exceeded, or no route (EHOSTUNREACH, ENETUNREACH).</summary>
    Unreachable,
    /// <summary>TCP RST on connect, or ICMP port unreachable for UDP (ECONNREFUSED).</summary>
    Refused,
    /// <summary>The connection was reset after it was established.</summary>
    Reset,
    /// <summary>HTTP status 4xx/5xx.</summary>
    BadStatus,
    /// <summary>An answer arrived but was wrong: another id or question, a mangled echo, no records of the asked type.</summary>
    BadAnswer,
    /// <summary>The DNS server answered with an error RCODE (NXDOMAIN, SERVFAIL, REFUSED, ...).</summary>
    DnsError,
    /// <summary>The answer could not be parsed (malformed HTTP or DNS).</summary>
    ProtocolError,
    /// <summary>The probe could not be sent from this uplink: its device or source address is missing, or the name did not resolve.</summary>
    LocalError,
}
