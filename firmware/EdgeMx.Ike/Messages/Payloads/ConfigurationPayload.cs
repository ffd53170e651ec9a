namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// Configuration payload CP (RFC 7296 §3.15), used for hub-assigned tunnel addresses (seed 002's FlexVPN spokes).
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   CFG Type    |                    RESERVED                   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                   Configuration Attributes                    ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed class ConfigurationPayload(ConfigurationType configurationType, IReadOnlyList<ConfigurationAttribute> attributes)
    : IkePayload
{
    public const int MaxAttributes = 64;

    public override PayloadType Type => PayloadType.Configuration;

    public ConfigurationType ConfigurationType { get; } = configurationType;

    public IReadOnlyList<ConfigurationAttribute> Attributes { get; } = attributes;

    public static ConfigurationPayload Decode(ReadOnlySpan<byte> body)
    {
        var reader = new IkeReader(body);
        var type = (ConfigurationType)reader.ReadUInt8("CP: type");
        reader.ReadBytes(3, "CP: reserved");
        var attributes = new List<ConfigurationAttribute>();
        while (!reader.IsEmpty)
        {
            if (attributes.Count == MaxAttributes) throw IkeProtocolException.Syntax($"CP: more than {MaxAttributes} attributes");
            attributes.Add(ConfigurationAttribute.Read(ref reader));
        }
        return new ConfigurationPayload(type, attributes);
    }

    public override void WriteBody(IkeWriter writer)
    {
        writer.WriteUInt8((byte)ConfigurationType);
        writer.WriteZeros(3);
        foreach (var attribute in Attributes) attribute.Write(writer);
    }
}
