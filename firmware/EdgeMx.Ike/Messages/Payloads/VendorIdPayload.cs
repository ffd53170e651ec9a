namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>Vendor ID payload (RFC 7296 §3.12): opaque bytes, recognised by exact match or ignored.</summary>
public sealed class VendorIdPayload(byte[] data) : IkePayload
{
    public override PayloadType Type => PayloadType.VendorId;

    public byte[] Data { get; } = data;

    public static VendorIdPayload Decode(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) throw IkeProtocolException.Syntax("V: empty vendor id");
        return new VendorIdPayload(body.ToArray());
    }

    public override void WriteBody(IkeWriter writer) => writer.WriteBytes(Data);
}
