namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// A payload whose type we do not implement, kept opaque. With the critical bit clear it is skipped (§2.5); with
/// the bit set on a type we do not recognise the decoder rejects the message instead of producing this.
/// </summary>
public sealed class UnknownPayload(PayloadType type, byte[] body) : IkePayload
{
    public override PayloadType Type { get; } = type;

    public byte[] Body { get; } = body;

    public override void WriteBody(IkeWriter writer) => writer.WriteBytes(Body);
}
