using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Messages;

/// <summary>
/// A decoded IKE message: the header and the payloads in wire order. For a protected message the payloads are the
/// outer chain (usually just SK); the engine replaces them with the decrypted inner chain via
/// <see cref="WithPayloads"/>.
/// </summary>
public sealed class IkeMessage
{
    public IkeMessage(IkeHeader header, IReadOnlyList<IkePayload> payloads, int encryptedBodyOffset = -1)
    {
        Header = header;
        Payloads = payloads;
        EncryptedBodyOffset = encryptedBodyOffset;
    }

    public IkeHeader Header { get; }

    public IReadOnlyList<IkePayload> Payloads { get; }

    /// <summary>Offset of the SK payload's body (its IV) in the datagram; -1 when there is no SK payload.</summary>
    public int EncryptedBodyOffset { get; }

    public ExchangeType Exchange => Header.Exchange;

    public uint MessageId => Header.MessageId;

    public bool IsResponse => Header.IsResponse;

    public EncryptedPayload? Encrypted => Payloads.Count > 0 ? Payloads[^1] as EncryptedPayload : null;

    public T? Get<T>() where T : IkePayload
    {
        foreach (var payload in Payloads)
            if (payload is T typed) return typed;
        return null;
    }

    public IEnumerable<T> All<T>() where T : IkePayload => Payloads.OfType<T>();

    public NotifyPayload? GetNotify(NotifyType type)
    {
        foreach (var payload in Payloads)
            if (payload is NotifyPayload notify && notify.NotifyType == type) return notify;
        return null;
    }

    public bool HasNotify(NotifyType type) => GetNotify(type) is not null;

    /// <summary>The first error notify, if any (§3.10.1: an error in a response means the request failed).</summary>
    public NotifyPayload? FirstError => Payloads.OfType<NotifyPayload>().FirstOrDefault(n => n.IsError);

    public IkeMessage WithPayloads(IReadOnlyList<IkePayload> payloads) => new(Header, payloads);

    /// <summary>Payload summary as strongSwan logs it: "IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) ]".</summary>
    public override string ToString() =>
        $"{ExchangeTypes.Name(Header.Exchange)} {(IsResponse ? "response" : "request")} {MessageId} [ {string.Join(' ', Payloads)} ]";

    /// <summary>
    /// Decodes a whole datagram (without the non-ESP marker). Checks version, the header's length field against
    /// the datagram and every payload length; throws <see cref="IkeProtocolException"/> otherwise.
    /// </summary>
    public static IkeMessage Decode(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < IkeHeader.Size)
            throw IkeProtocolException.Syntax($"message of {datagram.Length} bytes is shorter than the IKE header");
        var reader = new IkeReader(datagram);
        var header = IkeHeader.Read(ref reader);
        if (header.MajorVersion != IkeHeader.Ikev2Major)
            throw new IkeProtocolException(NotifyType.InvalidMajorVersion,
                $"IKE major version {header.MajorVersion} (we speak 2)", [IkeHeader.Ikev2Major << 4]);
        if (header.Length != datagram.Length)
            throw IkeProtocolException.Syntax($"header length {header.Length} but the datagram has {datagram.Length} bytes");
        var payloads = PayloadChain.Read(ref reader, header.NextPayload, insideEncrypted: false, out var skOffset);
        reader.ExpectEnd("message");
        return new IkeMessage(header, payloads, skOffset);
    }

    /// <summary>Encodes header and payloads, filling in the header's Next Payload and Length.</summary>
    public byte[] Encode()
    {
        var writer = new IkeWriter(256);
        EncodeTo(writer);
        return writer.ToArray();
    }

    public void EncodeTo(IkeWriter writer)
    {
        var start = writer.Length;
        (Header with { NextPayload = PayloadChain.FirstType(Payloads), Length = 0 }).Write(writer);
        PayloadChain.Write(writer, Payloads);
        writer.PatchUInt32(start + IkeHeader.LengthOffset, (uint)(writer.Length - start));
    }
}
