namespace EdgeMx.Net.Netlink;

/// <summary>A netlink message or attribute is malformed (a length field that does not fit, a short value).</summary>
public sealed class NetlinkFormatException(string message) : FormatException(message);
