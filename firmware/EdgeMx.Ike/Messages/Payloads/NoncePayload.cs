namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// Ni / Nr payload (RFC 7296 §3.9): "between 16 and 256 octets, inclusive"; anything else is INVALID_SYNTAX.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                            Nonce Data                         ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed class NoncePayload : IkePayload
{
    public const int MinLength = 16;
    public const int MaxLength = 256;

    public NoncePayload(byte[] data)
    {
        if (data.Length is < MinLength or > MaxLength)
            throw new ArgumentException($"nonce must be {MinLength}..{MaxLength} bytes", nameof(data));
        Data = data;
    }

    public override PayloadType Type => PayloadType.Nonce;

    public byte[] Data { get; }

    public static NoncePayload Decode(ReadOnlySpan<byte> body)
    {
        if (body.Length is < MinLength or > MaxLength)
            throw IkeProtocolException.Syntax($"Nonce: {body.Length} bytes, must be {MinLength}..{MaxLength}");
        return new NoncePayload(body.ToArray());
    }

    public override void WriteBody(IkeWriter writer) => writer.WriteBytes(Data);
}
