namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// Notify payload (RFC 7296 §3.10).
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Protocol ID  |   SPI Size    |      Notify Message Type      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                Security Parameter Index (SPI)                 ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                       Notification Data                       ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed class NotifyPayload(ProtocolId protocol, byte[] spi, NotifyType notifyType, byte[] data) : IkePayload
{
    public NotifyPayload(NotifyType notifyType, byte[]? data = null)
        : this(ProtocolId.None, [], notifyType, data ?? [])
    {
    }

    public override PayloadType Type => PayloadType.Notify;

    public ProtocolId Protocol { get; } = protocol;

    public byte[] Spi { get; } = spi;

    public NotifyType NotifyType { get; } = notifyType;

    public byte[] Data { get; } = data;

    public bool IsError => NotifyTypes.IsError(NotifyType);

    public static NotifyPayload Decode(ReadOnlySpan<byte> body)
    {
        var reader = new IkeReader(body);
        var protocol = (ProtocolId)reader.ReadUInt8("N: protocol id");
        var spiSize = reader.ReadUInt8("N: SPI size");
        var type = (NotifyType)reader.ReadUInt16("N: type");
        var spi = reader.ReadBytes(spiSize, "N: SPI").ToArray();
        return new NotifyPayload(protocol, spi, type, reader.ReadRest().ToArray());
    }

    public override void WriteBody(IkeWriter writer)
    {
        writer.WriteUInt8((byte)Protocol);
        writer.WriteUInt8(checked((byte)Spi.Length));
        writer.WriteUInt16((ushort)NotifyType);
        writer.WriteBytes(Spi);
        writer.WriteBytes(Data);
    }

    public override string ToString() => $"N({NotifyTypes.Name(NotifyType)})";
}
