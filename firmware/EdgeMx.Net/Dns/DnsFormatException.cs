namespace EdgeMx.Net.Dns;

/// <summary>A DNS message is malformed: a length, count, label or pointer does not fit the bytes received.</summary>
public sealed class DnsFormatException(string message) : FormatException(message);
