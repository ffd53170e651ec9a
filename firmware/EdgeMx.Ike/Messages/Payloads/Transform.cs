namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// A transform substructure (RFC 7296 §3.3.2): one algorithm of one type (ENCR, PRF, INTEG, KE, ESN).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Last Substruc |   RESERVED    |        Transform Length       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Transform Type |   RESERVED    |          Transform ID         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                      Transform Attributes                     ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed record Transform(TransformType Type, ushort Id, IReadOnlyList<TransformAttribute> Attributes)
{
    public const byte LastSubstructure = 0;
    public const byte MoreSubstructures = 3;
    private const int FixedSize = 8;
    private const int MaxAttributes = 16;

    public Transform(TransformType type, ushort id, int? keyLengthBits = null)
        : this(type, id, keyLengthBits is { } bits ? [TransformAttribute.KeyLength(bits)] : [])
    {
    }

    /// <summary>The Key Length attribute in bits, when present.</summary>
    public int? KeyLength
    {
        get
        {
            foreach (var attribute in Attributes)
                if (attribute.AttributeType == TransformAttribute.KeyLengthType && attribute.IsShortForm)
                    return attribute.ShortValue;
            return null;
        }
    }

    /// <summary>True when an attribute other than a short-form Key Length is present (§3.3.6: reject the transform).</summary>
    public bool HasUnknownAttributes =>
        Attributes.Any(a => a.AttributeType != TransformAttribute.KeyLengthType || !a.IsShortForm);

    internal static Transform Read(ref IkeReader reader, out bool last)
    {
        var r = reader;
        var marker = r.ReadUInt8("transform: last substructure");
        if (marker is not (LastSubstructure or MoreSubstructures))
            throw IkeProtocolException.Syntax($"transform: last-substructure value {marker} (must be 0 or 3)");
        r.ReadUInt8("transform: reserved");
        var length = r.ReadUInt16("transform: length");
        if (length < FixedSize) throw IkeProtocolException.Syntax($"transform: length {length} below {FixedSize}");
        var body = r.ReadStructure(length - 4, "transform");
        var type = (TransformType)body.ReadUInt8("transform: type");
        body.ReadUInt8("transform: reserved");
        var id = body.ReadUInt16("transform: id");
        var attributes = new List<TransformAttribute>();
        while (!body.IsEmpty)
        {
            if (attributes.Count == MaxAttributes)
                throw IkeProtocolException.Syntax($"transform: more than {MaxAttributes} attributes");
            attributes.Add(TransformAttribute.Read(ref body));
        }
        reader = r;
        last = marker == LastSubstructure;
        return new Transform(type, id, attributes);
    }

    internal void Write(IkeWriter writer, bool last)
    {
        var start = writer.Length;
        writer.WriteUInt8(last ? LastSubstructure : MoreSubstructures);
        writer.WriteUInt8(0);
        var lengthAt = writer.ReserveUInt16();
        writer.WriteUInt8((byte)Type);
        writer.WriteUInt8(0);
        writer.WriteUInt16(Id);
        foreach (var attribute in Attributes) attribute.Write(writer);
        writer.PatchUInt16(lengthAt, writer.Length - start);
    }

    public bool Equals(Transform? other) =>
        other is not null && Type == other.Type && Id == other.Id && Attributes.SequenceEqual(other.Attributes);

    public override int GetHashCode() => HashCode.Combine(Type, Id, Attributes.Count);
}
