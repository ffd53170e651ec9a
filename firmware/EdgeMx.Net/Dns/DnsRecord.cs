using System.Net;

namespace EdgeMx.Net.Dns;

/// <summary>
/// One resource record (RFC 1035 §4.1.3). <see cref="Data"/> is the RDATA as received; for A and AAAA records
/// <see cref="Address"/> is the address, for CNAME records <see cref="Target"/> the (decompressed) canonical name.
/// </summary>
public sealed record DnsRecord(string Name, DnsRecordType Type, ushort Class, uint TimeToLive, byte[] Data)
{
    public IPAddress? Address { get; init; }
    public string? Target { get; init; }

    public static DnsRecord ForAddress(string name, IPAddress address, uint ttl = 60)
    {
        var type = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? DnsRecordType.AAAA : DnsRecordType.A;
        return new DnsRecord(name, type, DnsQuestion.ClassInternet, ttl, address.GetAddressBytes()) { Address = address };
    }

    public static DnsRecord ForCanonicalName(string name, string target, uint ttl = 60)
    {
        var data = new byte[DnsName.MaxWireLength];
        var length = DnsName.Write(target, data);
        return new DnsRecord(name, DnsRecordType.CNAME, DnsQuestion.ClassInternet, ttl, data[..length]) { Target = DnsName.Normalise(target) };
    }

    // Records hold arrays; compare their contents so decoded and expected records are equal.
    public bool Equals(DnsRecord? other) =>
        other is not null && Name == other.Name && Type == other.Type && Class == other.Class && TimeToLive == other.TimeToLive
        && Data.AsSpan().SequenceEqual(other.Data) && Equals(Address, other.Address) && Target == other.Target;

    public override int GetHashCode() => HashCode.Combine(Name, Type, Class, TimeToLive, Data.Length);
}
