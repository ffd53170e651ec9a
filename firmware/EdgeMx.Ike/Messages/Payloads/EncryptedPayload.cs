namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// Encrypted and Authenticated payload SK (RFC 7296 §3.14). Always the last payload of a message; the Next Payload
/// field of its generic header names the first payload inside. The codec keeps IV, ciphertext and ICV together as
/// <see cref="Content"/>; splitting them needs the negotiated algorithms (see Crypto/IkeMessageProtection).
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Initialization Vector                     |
/// |         (length is block size for encryption algorithm)       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                    Encrypted IKE Payloads                     ~
/// +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |               |             Padding (0-255 octets)            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+
/// |                                               |  Pad Length   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                    Integrity Checksum Data                    ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed class EncryptedPayload(PayloadType firstInnerPayload, byte[] content) : IkePayload
{
    public override PayloadType Type => PayloadType.Encrypted;

    public PayloadType FirstInnerPayload { get; } = firstInnerPayload;

    public byte[] Content { get; } = content;

    public static EncryptedPayload Decode(PayloadType firstInner, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) throw IkeProtocolException.Syntax("SK: empty");
        return new EncryptedPayload(firstInner, body.ToArray());
    }

    public override void WriteBody(IkeWriter writer) => writer.WriteBytes(Content);
}
