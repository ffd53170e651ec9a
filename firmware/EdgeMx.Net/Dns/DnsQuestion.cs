namespace EdgeMx.Net.Dns;

/// <summary>One entry of the question section (RFC 1035 §4.1.2). Names are kept without the trailing dot.</summary>
public sealed record DnsQuestion(string Name, DnsRecordType Type, ushort Class = DnsQuestion.ClassInternet)
{
    public const ushort ClassInternet = 1;

    /// <summary>Same question: names compare case-insensitively (RFC 4343), type and class exactly.</summary>
    public bool Matches(DnsQuestion other) =>
        Type == other.Type && Class == other.Class && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);
}
