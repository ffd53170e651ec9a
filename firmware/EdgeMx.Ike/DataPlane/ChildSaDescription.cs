using System.Net;
using System.Text;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.DataPlane;

/// <summary>
/// Everything the ESP data plane needs to carry traffic for one established CHILD_SA (tunnel mode, RFC 4303):
/// both SPIs, the negotiated algorithms and keys per direction, the narrowed traffic selectors, the outer
/// addresses and whether ESP is UDP-encapsulated on port 4500 (RFC 3948), and the lifetime.
/// <para>"Inbound" is traffic from the peer to us (we chose <see cref="InboundSpi"/>); "outbound" is ours to the
/// peer (it chose <see cref="OutboundSpi"/>). For AES-GCM each encryption key ends with its 4-octet salt
/// (RFC 4106 §8.1) and there are no integrity keys.</para>
/// The keys are secrets: <see cref="ToString"/> leaves them out, and the installer should copy and then forget them.
/// </summary>
public sealed record ChildSaDescription
{
    public required string Connection { get; init; }
    public required string Child { get; init; }

    /// <summary>Unique for the lifetime of the process; a rekeyed CHILD_SA gets a new one.</summary>
    public required long UniqueId { get; init; }

    public required uint InboundSpi { get; init; }
    public required uint OutboundSpi { get; init; }
    public required EncryptionTransform Encryption { get; init; }
    public IntegrityTransform? Integrity { get; init; }
    public required bool ExtendedSequenceNumbers { get; init; }
    public required byte[] InboundEncryptionKey { get; init; }
    public required byte[] InboundIntegrityKey { get; init; }
    public required byte[] OutboundEncryptionKey { get; init; }
    public required byte[] OutboundIntegrityKey { get; init; }
    public required IReadOnlyList<TrafficSelector> LocalSelectors { get; init; }
    public required IReadOnlyList<TrafficSelector> RemoteSelectors { get; init; }
    public required IPEndPoint LocalEndpoint { get; init; }
    public required IPEndPoint RemoteEndpoint { get; init; }

    /// <summary>ESP in UDP on the endpoints' ports (4500) rather than IP protocol 50.</summary>
    public required bool UdpEncapsulation { get; init; }

    /// <summary>Hard lifetime: the engine rekeys before it and removes the SA at it if rekeying failed.</summary>
    public required TimeSpan Lifetime { get; init; }

    /// <summary>The CHILD_SA this one replaces (rekey), if any: keep it for inbound until it is removed.</summary>
    public uint? ReplacesInboundSpi { get; init; }

    /// <summary>
    /// We answered the peer's rekey: it installs the new SA only once our response arrives, so outbound traffic stays
    /// on the replaced SA until the peer shows it has the new one (its first packet on it) or deletes the old one.
    /// </summary>
    public bool DeferOutboundSwitch { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Connection = {Connection}, Child = {Child}, UniqueId = {UniqueId}, ");
        builder.Append($"InboundSpi = 0x{InboundSpi:x8}, OutboundSpi = 0x{OutboundSpi:x8}, ");
        builder.Append($"Encryption = {Encryption.Name}, Integrity = {Integrity?.Name ?? "-"}, ESN = {ExtendedSequenceNumbers}, ");
        builder.Append($"Local = {string.Join(' ', LocalSelectors)}, Remote = {string.Join(' ', RemoteSelectors)}, ");
        builder.Append($"{LocalEndpoint} <=> {RemoteEndpoint}{(UdpEncapsulation ? " (UDP-encapsulated)" : "")}");
        return true;
    }
}
