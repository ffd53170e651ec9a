namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// TSi / TSr payload (RFC 7296 §3.13).
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Number of TSs |                 RESERVED                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ~                       &lt;Traffic Selectors&gt;                       ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed class TrafficSelectorPayload(bool isInitiator, IReadOnlyList<TrafficSelector> selectors) : IkePayload
{
    public override PayloadType Type =>
        IsInitiator ? PayloadType.TrafficSelectorInitiator : PayloadType.TrafficSelectorResponder;

    public bool IsInitiator { get; } = isInitiator;

    public IReadOnlyList<TrafficSelector> Selectors { get; } = selectors;

    public static TrafficSelectorPayload Decode(bool isInitiator, ReadOnlySpan<byte> body)
    {
        var reader = new IkeReader(body);
        var count = reader.ReadUInt8("TS: number of selectors");
        reader.ReadBytes(3, "TS: reserved");
        if (count == 0) throw IkeProtocolException.Syntax("TS: zero selectors");
        var selectors = new TrafficSelector[count];
        for (var i = 0; i < count; i++) selectors[i] = TrafficSelector.Read(ref reader);
        reader.ExpectEnd("TS");
        return new TrafficSelectorPayload(isInitiator, selectors);
    }

    public override void WriteBody(IkeWriter writer)
    {
        writer.WriteUInt8(checked((byte)Selectors.Count));
        writer.WriteZeros(3);
        foreach (var selector in Selectors) selector.Write(writer);
    }
}
