using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Config;

/// <summary>
/// An IKE identity (RFC 7296 §3.5) written as strongSwan writes them: an IP address literal (ID_IPV4_ADDR /
/// ID_IPV6_ADDR), "@#0a1b…" (ID_KEY_ID in hex), "keyid:text" (ID_KEY_ID), "@name" or a plain name (ID_FQDN);
/// "%any" matches every peer identity.
/// </summary>
public sealed record IkeIdentity(IdentificationType Type, byte[] Data)
{
    public static readonly IkeIdentity Any = new(0, []);

    public bool IsAny => Type == 0;

    public static IkeIdentity Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text == "%any") return Any;
        if (text.StartsWith("@#", StringComparison.Ordinal))
            return new IkeIdentity(IdentificationType.KeyId, Convert.FromHexString(text[2..]));
        if (text.StartsWith("keyid:", StringComparison.OrdinalIgnoreCase))
            return new IkeIdentity(IdentificationType.KeyId, Encoding.UTF8.GetBytes(text[6..]));
        if (text.StartsWith("fqdn:", StringComparison.OrdinalIgnoreCase))
            return new IkeIdentity(IdentificationType.Fqdn, Encoding.ASCII.GetBytes(text[5..]));
        if (text.StartsWith('@')) return new IkeIdentity(IdentificationType.Fqdn, Encoding.ASCII.GetBytes(text[1..]));
        if (IPAddress.TryParse(text, out var address))
            return new IkeIdentity(address.AddressFamily == AddressFamily.InterNetwork
                ? IdentificationType.Ipv4Address : IdentificationType.Ipv6Address, address.GetAddressBytes());
        return new IkeIdentity(IdentificationType.Fqdn, Encoding.ASCII.GetBytes(text));
    }

    public static IkeIdentity FromAddress(IPAddress address) => Parse(address.ToString());

    public static IkeIdentity FromPayload(IdentificationPayload payload) => new(payload.IdType, payload.Data);

    public IdentificationPayload ToPayload(bool initiator) => new(initiator, Type, Data);

    public bool Matches(IkeIdentity other) => IsAny || (Type == other.Type && Data.AsSpan().SequenceEqual(other.Data));

    public override string ToString() => Type switch
    {
        0 => "%any",
        IdentificationType.Ipv4Address or IdentificationType.Ipv6Address when Data.Length is 4 or 16 => new IPAddress(Data).ToString(),
        IdentificationType.Fqdn or IdentificationType.Rfc822Address => Encoding.ASCII.GetString(Data),
        IdentificationType.KeyId => "@#" + Convert.ToHexStringLower(Data),
        _ => $"{Type}:{Convert.ToHexStringLower(Data)}",
    };

    public bool Equals(IkeIdentity? other) => other is not null && Type == other.Type && Data.AsSpan().SequenceEqual(other.Data);

    public override int GetHashCode() => HashCode.Combine(Type, Data.Length);
}
