namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// A transform attribute (RFC 7296 §3.3.5). Only Key Length (14, TV) is defined for IKEv2; an attribute we do not
/// understand makes the transform (not the message) unacceptable, so unknown ones are kept for the selector.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |A|       Attribute Type        |    AF=0  Attribute Length     |
/// |F|                             |    AF=1  Attribute Value      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   AF=0  Attribute Value                       |
/// |                   AF=1  Not Transmitted                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed record TransformAttribute(ushort AttributeType, bool IsShortForm, ushort ShortValue, byte[] LongValue)
{
    public const ushort KeyLengthType = 14;

    public static TransformAttribute KeyLength(int bits) => new(KeyLengthType, true, checked((ushort)bits), []);

    internal static TransformAttribute Read(ref IkeReader reader)
    {
        var r = reader;
        var typeField = r.ReadUInt16("transform attribute: type");
        var isTv = (typeField & 0x8000) != 0;
        var type = (ushort)(typeField & 0x7FFF);
        TransformAttribute attribute;
        if (isTv)
        {
            attribute = new TransformAttribute(type, true, r.ReadUInt16("transform attribute: value"), []);
        }
        else
        {
            var length = r.ReadUInt16("transform attribute: length");
            attribute = new TransformAttribute(type, false, 0, r.ReadBytes(length, "transform attribute: value").ToArray());
        }
        reader = r;
        return attribute;
    }

    internal void Write(IkeWriter writer)
    {
        if (IsShortForm)
        {
            writer.WriteUInt16((ushort)(0x8000 | AttributeType));
            writer.WriteUInt16(ShortValue);
        }
        else
        {
            writer.WriteUInt16((ushort)(AttributeType & 0x7FFF));
            writer.WriteUInt16(checked((ushort)LongValue.Length));
            writer.WriteBytes(LongValue);
        }
    }

    public bool Equals(TransformAttribute? other) =>
        other is not null && AttributeType == other.AttributeType && IsShortForm == other.IsShortForm
        && ShortValue == other.ShortValue && LongValue.AsSpan().SequenceEqual(other.LongValue);

    public override int GetHashCode() => HashCode.Combine(AttributeType, IsShortForm, ShortValue, LongValue.Length);
}
