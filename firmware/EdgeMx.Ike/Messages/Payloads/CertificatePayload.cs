namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// CERT and CERTREQ payloads (RFC 7296 §3.6, §3.7): an encoding octet and opaque data. EdgeMx authenticates with
/// pre-shared keys, so it parses these (hubs send CERTREQ when they hold CA certificates) and otherwise ignores them.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Cert Encoding |                                               |
/// +-+-+-+-+-+-+-+-+                                               |
/// ~                    Certificate / Certification Authority      ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed class CertificatePayload(bool isRequest, byte encoding, byte[] data) : IkePayload
{
    public override PayloadType Type => IsRequest ? PayloadType.CertificateRequest : PayloadType.Certificate;

    public bool IsRequest { get; } = isRequest;

    public byte Encoding { get; } = encoding;

    public byte[] Data { get; } = data;

    public static CertificatePayload Decode(bool isRequest, ReadOnlySpan<byte> body)
    {
        var reader = new IkeReader(body);
        var encoding = reader.ReadUInt8(isRequest ? "CERTREQ: encoding" : "CERT: encoding");
        return new CertificatePayload(isRequest, encoding, reader.ReadRest().ToArray());
    }

    public override void WriteBody(IkeWriter writer)
    {
        writer.WriteUInt8(Encoding);
        writer.WriteBytes(Data);
    }
}
