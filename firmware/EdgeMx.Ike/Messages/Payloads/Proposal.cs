namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// A proposal substructure (RFC 7296 §3.3.1). The SPI is empty in an initial IKE_SA_INIT, 8 bytes when rekeying an
/// IKE SA, and 4 bytes for ESP/AH.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Last Substruc |   RESERVED    |         Proposal Length       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                        SPI (variable)                         ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                        <Transforms>                           ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed record Proposal(byte Number, ProtocolId Protocol, byte[] Spi, IReadOnlyList<Transform> Transforms)
{
    public const byte LastSubstructure = 0;
    public const byte MoreSubstructures = 2;
    private const int FixedSize = 8;

    internal static Proposal Read(ref IkeReader reader, out bool last)
    {
        var r = reader;
        var marker = r.ReadUInt8("proposal: last substructure");
        if (marker is not (LastSubstructure or MoreSubstructures))
            throw IkeProtocolException.Syntax($"proposal: last-substructure value {marker} (must be 0 or 2)");
        r.ReadUInt8("proposal: reserved");
        var length = r.ReadUInt16("proposal: length");
        if (length < FixedSize) throw IkeProtocolException.Syntax($"proposal: length {length} below {FixedSize}");
        var body = r.ReadStructure(length - 4, "proposal");
        var number = body.ReadUInt8("proposal: number");
        var protocol = (ProtocolId)body.ReadUInt8("proposal: protocol id");
        var spiSize = body.ReadUInt8("proposal: SPI size");
        var count = body.ReadUInt8("proposal: number of transforms");
        var spi = body.ReadBytes(spiSize, "proposal: SPI").ToArray();
        var transforms = new List<Transform>(count);
        var sawLast = false;
        while (!body.IsEmpty)
        {
            if (sawLast) throw IkeProtocolException.Syntax("proposal: transform after the one marked last");
            transforms.Add(Transform.Read(ref body, out sawLast));
        }
        if (transforms.Count != count)
            throw IkeProtocolException.Syntax($"proposal {number}: says {count} transforms, holds {transforms.Count}");
        if (count > 0 && !sawLast) throw IkeProtocolException.Syntax($"proposal {number}: last transform not marked last");
        reader = r;
        last = marker == LastSubstructure;
        return new Proposal(number, protocol, spi, transforms);
    }

    internal void Write(IkeWriter writer, bool last)
    {
        var start = writer.Length;
        writer.WriteUInt8(last ? LastSubstructure : MoreSubstructures);
        writer.WriteUInt8(0);
        var lengthAt = writer.ReserveUInt16();
        writer.WriteUInt8(Number);
        writer.WriteUInt8((byte)Protocol);
        writer.WriteUInt8(checked((byte)Spi.Length));
        writer.WriteUInt8(checked((byte)Transforms.Count));
        writer.WriteBytes(Spi);
        for (var i = 0; i < Transforms.Count; i++) Transforms[i].Write(writer, i == Transforms.Count - 1);
        writer.PatchUInt16(lengthAt, writer.Length - start);
    }

    public IEnumerable<Transform> OfType(TransformType type) => Transforms.Where(t => t.Type == type);

    public bool Equals(Proposal? other) =>
        other is not null && Number == other.Number && Protocol == other.Protocol && Spi.AsSpan().SequenceEqual(other.Spi)
        && Transforms.SequenceEqual(other.Transforms);

    public override int GetHashCode() => HashCode.Combine(Number, Protocol, Transforms.Count);
}
