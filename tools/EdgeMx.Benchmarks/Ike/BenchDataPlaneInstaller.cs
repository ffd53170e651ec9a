using System.Collections.Immutable;
using System.Net;
using EdgeMx.Esp.Backends.UserSpace;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Esp.Transform;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.DataPlane;
using EspSelector = EdgeMx.Esp.Policy.TrafficSelector;
using IkeSelector = EdgeMx.Ike.Messages.Payloads.TrafficSelector;

namespace EdgeMx.Benchmarks.Ike;

/// <summary>
/// Installs the benchmark's CHILD_SAs into the user-space ESP data plane (TUN device, SA table, routes to the
/// remote selectors), the counterpart of what kernel-libipsec does for strongSwan in the same benchmark. Only the
/// translation the benchmark needs: AES-GCM-16 and AES-CBC + HMAC-SHA1/SHA2, which is everything the benchmark
/// proposes.
/// </summary>
internal sealed class BenchDataPlaneInstaller(UserSpaceDataPlane plane) : IChildSaInstaller
{
    public void Install(ChildSaDescription d)
    {
        var suite = d.Encryption.Algorithm switch
        {
            EncryptionAlgorithm.AesGcm16 => new EspCipherSuite(EspEncryption.AesGcm16, d.Encryption.KeyBits),
            EncryptionAlgorithm.AesCbc => new EspCipherSuite(EspEncryption.AesCbc, d.Encryption.KeyBits, Integrity(d.Integrity)),
            _ => throw new NotSupportedException($"the benchmark's data plane adapter does not map {d.Encryption.Name}"),
        };
        using var inbound = new EspKeyMaterial(d.InboundEncryptionKey, d.InboundIntegrityKey);
        using var outbound = new EspKeyMaterial(d.OutboundEncryptionKey, d.OutboundIntegrityKey);
        plane.Install(new EspChildSa
        {
            Connection = d.Connection,
            Child = d.Child,
            UniqueId = d.UniqueId,
            InboundSpi = d.InboundSpi,
            OutboundSpi = d.OutboundSpi,
            Suite = suite,
            ExtendedSequenceNumbers = d.ExtendedSequenceNumbers,
            InboundKeys = inbound,
            OutboundKeys = outbound,
            LocalSelectors = d.LocalSelectors.Select(Map).ToImmutableArray(),
            RemoteSelectors = d.RemoteSelectors.Select(Map).ToImmutableArray(),
            Endpoints = new EspEndpoints(d.LocalEndpoint, d.RemoteEndpoint, d.UdpEncapsulation),
            ReplacesInboundSpi = d.ReplacesInboundSpi,
        });
    }

    public void UpdateEndpoints(uint inboundSpi, IPEndPoint local, IPEndPoint remote, bool udpEncapsulation) =>
        plane.UpdateEndpoints(inboundSpi, new EspEndpoints(local, remote, udpEncapsulation));

    public void Remove(uint inboundSpi, uint outboundSpi) => plane.Remove(inboundSpi, outboundSpi);

    public ChildSaUsage? GetUsage(uint inboundSpi) =>
        plane.GetStatus(inboundSpi) is { } s ? new ChildSaUsage(s.BytesIn, s.PacketsIn, s.BytesOut, s.PacketsOut, null) : null;

    private static EspIntegrity Integrity(IntegrityTransform? integrity) => integrity?.Algorithm switch
    {
        IntegrityAlgorithm.HmacSha1_96 => EspIntegrity.HmacSha1_96,
        IntegrityAlgorithm.HmacSha256_128 => EspIntegrity.HmacSha256_128,
        IntegrityAlgorithm.HmacSha384_192 => EspIntegrity.HmacSha384_192,
        IntegrityAlgorithm.HmacSha512_256 => EspIntegrity.HmacSha512_256,
        _ => throw new NotSupportedException($"the benchmark's data plane adapter does not map {integrity?.Name ?? "no integrity"}"),
    };

    private static EspSelector Map(IkeSelector ts) => new(ts.StartIp, ts.EndIp, ts.IpProtocol, ts.StartPort, ts.EndPort);
}
