namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// Key Exchange payload (RFC 7296 §3.4). The data length must match the group; that is checked where the group is
/// known (the key exchange), not here.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Diffie-Hellman Group Num    |           RESERVED            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                       Key Exchange Data                       ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed class KeyExchangePayload(ushort group, byte[] data) : IkePayload
{
    public override PayloadType Type => PayloadType.KeyExchange;

    public ushort Group { get; } = group;

    public byte[] Data { get; } = data;

    public static KeyExchangePayload Decode(ReadOnlySpan<byte> body)
    {
        var reader = new IkeReader(body);
        var group = reader.ReadUInt16("KE: group");
        reader.ReadUInt16("KE: reserved");
        var data = reader.ReadRest();
        if (data.IsEmpty) throw IkeProtocolException.Syntax("KE: no key exchange data");
        return new KeyExchangePayload(group, data.ToArray());
    }

    public override void WriteBody(IkeWriter writer)
    {
        writer.WriteUInt16(Group);
        writer.WriteUInt16(0);
        writer.WriteBytes(Data);
    }
}
