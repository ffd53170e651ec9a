namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// Delete payload (RFC 7296 §3.11). Deleting the IKE SA: protocol 1, SPI size 0, no SPIs. Deleting CHILD_SAs:
/// protocol 3 (ESP), SPI size 4, the SPIs of the sender's inbound SAs.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Protocol ID   |   SPI Size    |          Num of SPIs          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~               Security Parameter Index(es) (SPI)              ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed class DeletePayload(ProtocolId protocol, IReadOnlyList<uint> spis) : IkePayload
{
    public override PayloadType Type => PayloadType.Delete;

    public ProtocolId Protocol { get; } = protocol;

    /// <summary>4-byte CHILD_SA SPIs (empty when the IKE SA itself is deleted).</summary>
    public IReadOnlyList<uint> Spis { get; } = spis;

    public static DeletePayload ForIkeSa() => new(ProtocolId.Ike, []);

    public static DeletePayload Decode(ReadOnlySpan<byte> body)
    {
        var reader = new IkeReader(body);
        var protocol = (ProtocolId)reader.ReadUInt8("D: protocol id");
        var spiSize = reader.ReadUInt8("D: SPI size");
        var count = reader.ReadUInt16("D: number of SPIs");
        if (protocol == ProtocolId.Ike)
        {
            if (spiSize != 0 || count != 0)
                throw IkeProtocolException.Syntax($"D: IKE SA delete with SPI size {spiSize} and {count} SPIs (both must be 0)");
            reader.ExpectEnd("D");
            return ForIkeSa();
        }
        if (spiSize != 4) throw IkeProtocolException.Syntax($"D: {protocol} SPI size {spiSize} (must be 4)");
        if (reader.Remaining != count * 4)
            throw IkeProtocolException.Syntax($"D: says {count} SPIs, holds {reader.Remaining} bytes");
        var spis = new uint[count];
        for (var i = 0; i < count; i++) spis[i] = reader.ReadUInt32("D: SPI");
        return new DeletePayload(protocol, spis);
    }

    public override void WriteBody(IkeWriter writer)
    {
        writer.WriteUInt8((byte)Protocol);
        writer.WriteUInt8(Protocol == ProtocolId.Ike ? (byte)0 : (byte)4);
        writer.WriteUInt16(checked((ushort)Spis.Count));
        foreach (var spi in Spis) writer.WriteUInt32(spi);
    }
}
