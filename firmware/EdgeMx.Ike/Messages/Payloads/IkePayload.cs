namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>
/// One payload of an IKE message. The generic header (RFC 7296 §3.2) is handled by <see cref="PayloadChain"/>;
/// subclasses encode and decode only their body.
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public abstract class IkePayload
{
    /// <summary>Size of the generic payload header.</summary>
    public const int HeaderSize = 4;

    public abstract PayloadType Type { get; }

    /// <summary>The C bit as received; we send it clear for every type we define (§3.2).</summary>
    public bool Critical { get; init; }

    public abstract void WriteBody(IkeWriter writer);

    public override string ToString() => PayloadTypes.ShortName(Type);
}
