namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>TS types (RFC 7296 §3.13.1).</summary>
public enum TrafficSelectorType : byte
{
    Ipv4AddressRange = 7,
    Ipv6AddressRange = 8,
}
