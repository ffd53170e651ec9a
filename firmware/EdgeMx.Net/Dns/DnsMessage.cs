namespace EdgeMx.Net.Dns;

/// <summary>
/// A DNS message (RFC 1035 §4.1): the header fields and the four sections.
/// <code>
///  0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
/// +--+-----------+--+--+--+--+--------+-----------+
/// |                      ID                       |
/// |QR|  Opcode   |AA|TC|RD|RA|   Z    |   RCODE   |
/// |                QDCOUNT / ANCOUNT / NSCOUNT / ARCOUNT
/// +--+-----------+--+--+--+--+--------+-----------+
/// </code>
/// </summary>
public sealed record DnsMessage
{
    public const int HeaderSize = 12;
    public const int MaxUdpSize = 512; // RFC 1035 §4.2.1 without EDNS

    public ushort Id { get; init; }
    public bool IsResponse { get; init; }
    public byte Opcode { get; init; }
    public bool Authoritative { get; init; }
    public bool Truncated { get; init; }
    public bool RecursionDesired { get; init; }
    public bool RecursionAvailable { get; init; }
    public DnsResponseCode ResponseCode { get; init; }
    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];
    public IReadOnlyList<DnsRecord> Answers { get; init; } = [];
    public IReadOnlyList<DnsRecord> Authorities { get; init; } = [];
    public IReadOnlyList<DnsRecord> Additionals { get; init; } = [];

    /// <summary>A standard recursive query for one name and type.</summary>
    public static DnsMessage Query(ushort id, string name, DnsRecordType type) => new()
    {
        Id = id,
        RecursionDesired = true,
        Questions = [new DnsQuestion(DnsName.Normalise(name), type)],
    };

    public bool Equals(DnsMessage? other) =>
        other is not null && Id == other.Id && IsResponse == other.IsResponse && Opcode == other.Opcode
        && Authoritative == other.Authoritative && Truncated == other.Truncated && RecursionDesired == other.RecursionDesired
        && RecursionAvailable == other.RecursionAvailable && ResponseCode == other.ResponseCode
        && Questions.SequenceEqual(other.Questions) && Answers.SequenceEqual(other.Answers)
        && Authorities.SequenceEqual(other.Authorities) && Additionals.SequenceEqual(other.Additionals);

    public override int GetHashCode() => HashCode.Combine(Id, IsResponse, ResponseCode, Questions.Count, Answers.Count);
}
