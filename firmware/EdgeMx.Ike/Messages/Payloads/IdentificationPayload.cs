using System.Buffers.Binary;

namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// IDi / IDr payload (RFC 7296 §3.5). The AUTH computation (§2.15) covers the body exactly as received, so the
/// reserved octets are kept rather than assumed zero.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   ID Type     |                 RESERVED                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                   Identification Data                         ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed class IdentificationPayload(bool isInitiator, IdentificationType idType, byte[] data, uint reserved = 0)
    : IkePayload
{
    public const int MaxDataLength = 1024;

    public override PayloadType Type => IsInitiator ? PayloadType.IdInitiator : PayloadType.IdResponder;

    public bool IsInitiator { get; } = isInitiator;

    public IdentificationType IdType { get; } = idType;

    public byte[] Data { get; } = data;

    /// <summary>The 24 reserved bits as received.</summary>
    public uint Reserved { get; } = reserved & 0xFFFFFF;

    public static IdentificationPayload Decode(bool isInitiator, ReadOnlySpan<byte> body)
    {
        var reader = new IkeReader(body);
        var type = (IdentificationType)reader.ReadUInt8("ID: type");
        var reserved = reader.ReadBytes(3, "ID: reserved");
        var data = reader.ReadRest();
        if (data.IsEmpty) throw IkeProtocolException.Syntax("ID: empty identification data");
        if (data.Length > MaxDataLength) throw IkeProtocolException.Syntax($"ID: {data.Length} bytes exceeds {MaxDataLength}");
        var reservedValue = (uint)(reserved[0] << 16 | reserved[1] << 8 | reserved[2]);
        return new IdentificationPayload(isInitiator, type, data.ToArray(), reservedValue);
    }

    public override void WriteBody(IkeWriter writer)
    {
        writer.WriteUInt8((byte)IdType);
        writer.WriteUInt8((byte)(Reserved >> 16));
        writer.WriteUInt16((ushort)Reserved);
        writer.WriteBytes(Data);
    }

    /// <summary>The payload body ("RestOfIDPayload" of §2.15) as it is on the wire.</summary>
    public byte[] GetBody()
    {
        var body = new byte[4 + Data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body, ((uint)IdType << 24) | Reserved);
        Data.CopyTo(body.AsSpan(4));
        return body;
    }
}
