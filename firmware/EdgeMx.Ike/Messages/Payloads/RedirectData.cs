using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// Body of the REDIRECT and REDIRECTED_FROM notifies (RFC 5685 §8.1, §8.2). In an IKE_SA_INIT response REDIRECT
/// also carries the initiator's nonce, which the client must check before it follows (§4.1; seed 004: a nonce that
/// does not match is a forged response, ignore it and keep waiting).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | GW Ident Type |  GW Ident Len |                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               ~
/// ~                   New Responder GW Identity                   ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                        Nonce Data (REDIRECT only)             ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed record RedirectData(GatewayIdentityType IdentityType, byte[] Identity, byte[] Nonce)
{
    public static RedirectData ForAddress(IPAddress address, byte[]? nonce = null) => new(
        address.AddressFamily == AddressFamily.InterNetwork ? GatewayIdentityType.Ipv4 : GatewayIdentityType.Ipv6,
        address.GetAddressBytes(), nonce ?? []);

    public static RedirectData ForFqdn(string fqdn, byte[]? nonce = null) =>
        new(GatewayIdentityType.Fqdn, Encoding.ASCII.GetBytes(fqdn), nonce ?? []);

    /// <summary>The gateway as text: an address, or the FQDN.</summary>
    public string Gateway => IdentityType == GatewayIdentityType.Fqdn
        ? Encoding.ASCII.GetString(Identity)
        : new IPAddress(Identity).ToString();

    public IPAddress? Address => IdentityType == GatewayIdentityType.Fqdn ? null : new IPAddress(Identity);

    public static RedirectData Decode(ReadOnlySpan<byte> data)
    {
        var reader = new IkeReader(data);
        var type = (GatewayIdentityType)reader.ReadUInt8("REDIRECT: gateway identity type");
        var length = reader.ReadUInt8("REDIRECT: gateway identity length");
        var identity = reader.ReadBytes(length, "REDIRECT: gateway identity").ToArray();
        var expected = type switch
        {
            GatewayIdentityType.Ipv4 => 4,
            GatewayIdentityType.Ipv6 => 16,
            GatewayIdentityType.Fqdn => length,
            _ => throw IkeProtocolException.Syntax($"REDIRECT: unknown gateway identity type {(byte)type}"),
        };
        if (length != expected || length == 0)
            throw IkeProtocolException.Syntax($"REDIRECT: {type} identity of {length} bytes");
        var nonce = reader.ReadRest().ToArray();
        return new RedirectData(type, identity, nonce);
    }

    public byte[] Encode()
    {
        var writer = new IkeWriter(2 + Identity.Length + Nonce.Length);
        writer.WriteUInt8((byte)IdentityType);
        writer.WriteUInt8(checked((byte)Identity.Length));
        writer.WriteBytes(Identity);
        writer.WriteBytes(Nonce);
        return writer.ToArray();
    }
}

/// <summary>Gateway identity types of RFC 5685 §8.1.</summary>
public enum GatewayIdentityType : byte
{
    Ipv4 = 1,
    Ipv6 = 2,
    Fqdn = 3,
}
