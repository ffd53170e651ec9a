namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// AUTH payload (RFC 7296 §3.8).
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Auth Method   |                RESERVED                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                      Authentication Data                      ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed class AuthenticationPayload(AuthenticationMethod method, byte[] data) : IkePayload
{
    public override PayloadType Type => PayloadType.Authentication;

    public AuthenticationMethod Method { get; } = method;

    public byte[] Data { get; } = data;

    public static AuthenticationPayload Decode(ReadOnlySpan<byte> body)
    {
        var reader = new IkeReader(body);
        var method = (AuthenticationMethod)reader.ReadUInt8("AUTH: method");
        reader.ReadBytes(3, "AUTH: reserved");
        var data = reader.ReadRest();
        if (data.IsEmpty) throw IkeProtocolException.Syntax("AUTH: empty authentication data");
        return new AuthenticationPayload(method, data.ToArray());
    }

    public override void WriteBody(IkeWriter writer)
    {
        writer.WriteUInt8((byte)Method);
        writer.WriteZeros(3);
        writer.WriteBytes(Data);
    }
}
