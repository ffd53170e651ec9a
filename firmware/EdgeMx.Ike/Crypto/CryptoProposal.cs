using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Crypto;

/// <summary>
/// One configured proposal: for each transform type the algorithms we accept, in order of preference. Written and
/// read in strongSwan's syntax ("aes256gcm16-prfsha256-x25519", "aes128-sha256-modp2048", "aes128gcm16-esn"),
/// see <see cref="ProposalParser"/>.
/// </summary>
public sealed record CryptoProposal(
    ProtocolId Protocol,
    IReadOnlyList<EncryptionTransform> Encryption,
    IReadOnlyList<PrfTransform> Prf,
    IReadOnlyList<IntegrityTransform> Integrity,
    IReadOnlyList<KeyExchangeTransform> KeyExchange,
    IReadOnlyList<ExtendedSequenceNumbers> Esn)
{
    public bool IsAead => Encryption.Count > 0 && Encryption[0].IsAead;

    /// <summary>The wire form: one transform per algorithm, in preference order (RFC 7296 §3.3).</summary>
    public Proposal ToWire(byte number, byte[] spi)
    {
        var transforms = new List<Transform>();
        transforms.AddRange(Encryption.Select(e => e.ToWire()));
        transforms.AddRange(Prf.Select(p => p.ToWire()));
        transforms.AddRange(Integrity.Select(i => i.ToWire()));
        transforms.AddRange(KeyExchange.Select(k => k.ToWire()));
        if (Protocol == ProtocolId.Esp)
            transforms.AddRange(Esn.Select(e => new Transform(TransformType.ExtendedSequenceNumbers, (ushort)e)));
        return new Proposal(number, Protocol, spi, transforms);
    }

    /// <summary>The proposal in strongSwan's syntax; parsing the result gives this proposal back.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        parts.AddRange(Encryption.Select(e => e.Keyword));
        parts.AddRange(Integrity.Select(i => i.Keyword));
        parts.AddRange(Prf.Select(p => p.Keyword));
        parts.AddRange(KeyExchange.Select(k => k.Keyword));
        if (Protocol == ProtocolId.Esp && !(Esn.Count == 1 && Esn[0] == ExtendedSequenceNumbers.No))
            parts.AddRange(Esn.Select(e => e == ExtendedSequenceNumbers.Yes ? "esn" : "noesn"));
        return string.Join('-', parts);
    }

    public bool Equals(CryptoProposal? other) =>
        other is not null && Protocol == other.Protocol && Encryption.SequenceEqual(other.Encryption)
        && Prf.SequenceEqual(other.Prf) && Integrity.SequenceEqual(other.Integrity)
        && KeyExchange.SequenceEqual(other.KeyExchange) && Esn.SequenceEqual(other.Esn);

    public override int GetHashCode() => HashCode.Combine(Protocol, Encryption.Count, Prf.Count, KeyExchange.Count);
}
