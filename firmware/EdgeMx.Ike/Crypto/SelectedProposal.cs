using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Crypto;

/// <summary>
/// The algorithms agreed for one SA: exactly one transform per type. <see cref="Number"/> is the initiator's
/// proposal number, which the responder echoes (RFC 7296 §3.3.1); <see cref="Spi"/> is the SPI the proposal carried.
/// </summary>
public sealed record SelectedProposal(
    ProtocolId Protocol,
    byte Number,
    byte[] Spi,
    EncryptionTransform Encryption,
    PrfTransform? Prf,
    IntegrityTransform? Integrity,
    KeyExchangeTransform? KeyExchange,
    ExtendedSequenceNumbers Esn)
{
    public Proposal ToWire(byte[]? spi = null)
    {
        var transforms = new List<Transform> { Encryption.ToWire() };
        if (Prf is not null) transforms.Add(Prf.ToWire());
        if (Integrity is not null) transforms.Add(Integrity.ToWire());
        if (KeyExchange is not null) transforms.Add(KeyExchange.ToWire());
        if (Protocol == ProtocolId.Esp)
            transforms.Add(new Transform(TransformType.ExtendedSequenceNumbers, (ushort)Esn));
        return new Proposal(Number, Protocol, spi ?? Spi, transforms);
    }

    /// <summary>strongSwan's log notation: "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048".</summary>
    public string Name
    {
        get
        {
            var parts = new List<string> { Encryption.Name };
            if (Integrity is not null) parts.Add(Integrity.Name);
            if (Prf is not null) parts.Add(Prf.Name);
            if (KeyExchange is not null) parts.Add(KeyExchange.Name);
            if (Protocol == ProtocolId.Esp) parts.Add(Esn == ExtendedSequenceNumbers.Yes ? "EXT_SEQ" : "NO_EXT_SEQ");
            return string.Join('/', parts);
        }
    }

    /// <summary>The same algorithms as a strongSwan proposal string ("aes256gcm16-prfsha256-x25519").</summary>
    public string Keywords
    {
        get
        {
            var parts = new List<string> { Encryption.Keyword };
            if (Integrity is not null) parts.Add(Integrity.Keyword);
            if (Prf is not null) parts.Add(Prf.Keyword);
            if (KeyExchange is not null) parts.Add(KeyExchange.Keyword);
            if (Protocol == ProtocolId.Esp && Esn == ExtendedSequenceNumbers.Yes) parts.Add("esn");
            return string.Join('-', parts);
        }
    }

    public override string ToString() => Name;
}
