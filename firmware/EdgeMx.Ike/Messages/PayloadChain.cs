using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Messages;

/// <summary>
/// Reads and writes a chain of payloads linked by their Next Payload fields (RFC 7296 §3.2), both the outer chain
/// after the IKE header and the inner chain inside SK.
/// </summary>
public static class PayloadChain
{
    /// <summary>Bound on payloads per chain: a real IKE_AUTH carries around a dozen.</summary>
    public const int MaxPayloads = 128;

    /// <summary>
    /// Reads payloads starting with <paramref name="first"/> until a Next Payload of NONE. An SK payload ends the
    /// outer chain (it must extend to the end of the message); inside SK it is a syntax error. Commits the reader
    /// only if the whole chain parsed.
    /// </summary>
    /// <param name="encryptedBodyOffset">Offset of the SK payload body relative to the reader's start, or -1.</param>
    public static List<IkePayload> Read(ref IkeReader reader, PayloadType first, bool insideEncrypted,
        out int encryptedBodyOffset)
    {
        var r = reader;
        var payloads = new List<IkePayload>();
        var type = first;
        encryptedBodyOffset = -1;
        while (type != PayloadType.None)
        {
            if (payloads.Count == MaxPayloads) throw IkeProtocolException.Syntax($"more than {MaxPayloads} payloads");
            // Peek the generic header, check the length against what is left, then decode the body.
            var next = (PayloadType)r.PeekUInt8(0, $"{PayloadTypes.ShortName(type)}: generic header");
            var critical = (r.PeekUInt8(1, $"{PayloadTypes.ShortName(type)}: generic header") & 0x80) != 0;
            var length = r.PeekUInt16(2, $"{PayloadTypes.ShortName(type)}: generic header");
            if (length < IkePayload.HeaderSize)
                throw IkeProtocolException.Syntax($"{PayloadTypes.ShortName(type)}: payload length {length} below 4");
            if (length > r.Remaining)
                throw IkeProtocolException.Syntax(
                    $"{PayloadTypes.ShortName(type)}: payload length {length} exceeds the {r.Remaining} bytes left");

            if (type == PayloadType.Encrypted)
            {
                if (insideEncrypted) throw IkeProtocolException.Syntax("SK inside SK");
                if (length != r.Remaining)
                    throw IkeProtocolException.Syntax($"SK: must be the last payload ({r.Remaining - length} bytes follow it)");
                encryptedBodyOffset = r.Position + IkePayload.HeaderSize;
                r.ReadBytes(IkePayload.HeaderSize, "SK: generic header");
                payloads.Add(EncryptedPayload.Decode(next, r.ReadRest()));
                break;
            }

            r.ReadBytes(IkePayload.HeaderSize, "generic header");
            var body = r.ReadBytes(length - IkePayload.HeaderSize, $"{PayloadTypes.ShortName(type)}: body");
            payloads.Add(DecodeBody(type, critical, body));
            type = next;
        }
        reader = r;
        return payloads;
    }

    private static IkePayload DecodeBody(PayloadType type, bool critical, ReadOnlySpan<byte> body)
    {
        IkePayload payload = type switch
        {
            PayloadType.SecurityAssociation => SecurityAssociationPayload.Decode(body),
            PayloadType.KeyExchange => KeyExchangePayload.Decode(body),
            PayloadType.IdInitiator => IdentificationPayload.Decode(true, body),
            PayloadType.IdResponder => IdentificationPayload.Decode(false, body),
            PayloadType.Certificate => CertificatePayload.Decode(false, body),
            PayloadType.CertificateRequest => CertificatePayload.Decode(true, body),
            PayloadType.Authentication => AuthenticationPayload.Decode(body),
            PayloadType.Nonce => NoncePayload.Decode(body),
            PayloadType.Notify => NotifyPayload.Decode(body),
            PayloadType.Delete => DeletePayload.Decode(body),
            PayloadType.VendorId => VendorIdPayload.Decode(body),
            PayloadType.TrafficSelectorInitiator => TrafficSelectorPayload.Decode(true, body),
            PayloadType.TrafficSelectorResponder => TrafficSelectorPayload.Decode(false, body),
            PayloadType.Configuration => ConfigurationPayload.Decode(body),
            _ when critical && !PayloadTypes.IsDefinedByRfc7296(type) => throw new IkeProtocolException(
                NotifyType.UnsupportedCriticalPayload,
                $"critical payload of unsupported type {(byte)type}", [(byte)type]),
            _ => new UnknownPayload(type, body.ToArray()),
        };
        return critical ? WithCritical(payload) : payload;
    }

    // The C bit is only meaningful for unknown types; we keep it on known ones too so round trips are exact.
    private static IkePayload WithCritical(IkePayload payload) => payload switch
    {
        UnknownPayload u => new UnknownPayload(u.Type, u.Body) { Critical = true },
        _ => payload,
    };

    /// <summary>Writes a chain. The SK payload, if present, must be last; its header names its first inner payload.</summary>
    public static void Write(IkeWriter writer, IReadOnlyList<IkePayload> payloads)
    {
        for (var i = 0; i < payloads.Count; i++)
        {
            var payload = payloads[i];
            PayloadType next;
            if (i + 1 < payloads.Count)
            {
                if (payload is EncryptedPayload) throw new InvalidOperationException("SK must be the last payload");
                next = payloads[i + 1].Type;
            }
            else
            {
                next = payload is EncryptedPayload sk ? sk.FirstInnerPayload : PayloadType.None;
            }
            var start = writer.Length;
            writer.WriteUInt8((byte)next);
            writer.WriteUInt8(payload.Critical ? (byte)0x80 : (byte)0);
            var lengthAt = writer.ReserveUInt16();
            payload.WriteBody(writer);
            writer.PatchUInt16(lengthAt, writer.Length - start);
        }
    }

    public static PayloadType FirstType(IReadOnlyList<IkePayload> payloads) =>
        payloads.Count == 0 ? PayloadType.None : payloads[0].Type;
}
