namespace EdgeMx.Ike.Messages;

/// <summary>
/// The fixed IKE header (RFC 7296 §3.1).
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       IKE SA Initiator's SPI                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       IKE SA Responder's SPI                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Message ID                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            Length                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct IkeHeader(
    ulong InitiatorSpi,
    ulong ResponderSpi,
    PayloadType NextPayload,
    byte MajorVersion,
    byte MinorVersion,
    ExchangeType Exchange,
    IkeHeaderFlags Flags,
    uint MessageId,
    uint Length)
{
    public const int Size = 28;

    /// <summary>Offsets inside the header, for code that patches or peeks at raw datagrams.</summary>
    public const int NextPayloadOffset = 16;
    public const int VersionOffset = 17;
    public const int ExchangeOffset = 18;
    public const int FlagsOffset = 19;
    public const int MessageIdOffset = 20;
    public const int LengthOffset = 24;

    public const byte Ikev2Major = 2;

    public bool IsResponse => (Flags & IkeHeaderFlags.Response) != 0;

    public bool IsFromInitiator => (Flags & IkeHeaderFlags.Initiator) != 0;

    public static IkeHeader Read(ref IkeReader reader)
    {
        var r = reader;
        var spiI = r.ReadUInt64("header: initiator SPI");
        var spiR = r.ReadUInt64("header: responder SPI");
        var next = (PayloadType)r.ReadUInt8("header: next payload");
        var version = r.ReadUInt8("header: version");
        var exchange = (ExchangeType)r.ReadUInt8("header: exchange type");
        var flags = (IkeHeaderFlags)r.ReadUInt8("header: flags");
        var messageId = r.ReadUInt32("header: message id");
        var length = r.ReadUInt32("header: length");
        reader = r;
        return new IkeHeader(spiI, spiR, next, (byte)(version >> 4), (byte)(version & 0x0F), exchange, flags,
            messageId, length);
    }

    /// <summary>Writes the header; <see cref="Length"/> is written as given (the encoder patches it).</summary>
    public void Write(IkeWriter writer)
    {
        writer.WriteUInt64(InitiatorSpi);
        writer.WriteUInt64(ResponderSpi);
        writer.WriteUInt8((byte)NextPayload);
        writer.WriteUInt8((byte)((MajorVersion << 4) | (MinorVersion & 0x0F)));
        writer.WriteUInt8((byte)Exchange);
        writer.WriteUInt8((byte)(Flags & (IkeHeaderFlags.Initiator | IkeHeaderFlags.Version | IkeHeaderFlags.Response)));
        writer.WriteUInt32(MessageId);
        writer.WriteUInt32(Length);
    }
}
