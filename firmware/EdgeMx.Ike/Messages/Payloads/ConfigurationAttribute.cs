namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// One configuration attribute (RFC 7296 §3.15.1). A request carries empty values ("give me an address").
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |R|         Attribute Type      |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                             Value                             ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed record ConfigurationAttribute(ConfigurationAttributeType AttributeType, byte[] Value)
{
    internal static ConfigurationAttribute Read(ref IkeReader reader)
    {
        var r = reader;
        var type = (ConfigurationAttributeType)(r.ReadUInt16("CP attribute: type") & 0x7FFF);
        var length = r.ReadUInt16("CP attribute: length");
        var value = r.ReadBytes(length, "CP attribute: value").ToArray();
        reader = r;
        return new ConfigurationAttribute(type, value);
    }

    internal void Write(IkeWriter writer)
    {
        writer.WriteUInt16((ushort)((ushort)AttributeType & 0x7FFF));
        writer.WriteUInt16(checked((ushort)Value.Length));
        writer.WriteBytes(Value);
    }

    public bool Equals(ConfigurationAttribute? other) =>
        other is not null && AttributeType == other.AttributeType && Value.AsSpan().SequenceEqual(other.Value);

    public override int GetHashCode() => HashCode.Combine(AttributeType, Value.Length);
}
