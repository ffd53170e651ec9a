using System.Net;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.DataPlane;
using EspSelector = EdgeMx.Esp.Policy.TrafficSelector;
using IkeSelector = EdgeMx.Ike.Messages.Payloads.TrafficSelector;

namespace EdgeMx.Appliance.DataPlane;

/// <summary>
/// IKE's view of the data plane (<see cref="IChildSaInstaller"/>) over <see cref="IEspDataPlane"/>: translates the
/// negotiated transforms, keys, selectors and endpoints into an <see cref="EspChildSa"/> and starts the backend on
/// first use. Keys are copied into the data plane and this side's copies wiped before returning.
/// </summary>
public sealed class ChildSaInstaller(DataPlaneService service, TimeProvider time) : IChildSaInstaller
{
    /// <summary>
    /// A safety net behind the engine's own lifetime handling: the engine rekeys before <see cref="ChildSaDescription.Lifetime"/>
    /// and deletes at it; should that not happen, the data plane stops the SA this long after.
    /// </summary>
    public static readonly TimeSpan HardLifetimeGrace = TimeSpan.FromSeconds(30);

    public void Install(ChildSaDescription childSa)
    {
        var child = Translate(childSa);
        try
        {
            service.EnsureStarted().Install(child);
        }
        finally
        {
            child.InboundKeys.Dispose();
            child.OutboundKeys.Dispose();
        }
    }

    public void UpdateEndpoints(uint inboundSpi, IPEndPoint local, IPEndPoint remote, bool udpEncapsulation) =>
        service.EnsureStarted().UpdateEndpoints(inboundSpi, new EspEndpoints(local, remote, udpEncapsulation));

    public void Remove(uint inboundSpi, uint outboundSpi) => service.EnsureStarted().Remove(inboundSpi, outboundSpi);

    public ChildSaUsage? GetUsage(uint inboundSpi)
    {
        if (service.EnsureStarted().GetStatus(inboundSpi) is not { } status) return null;
        var now = time.GetTimestamp();
        long? Since(double? idleSeconds) => idleSeconds is { } idle ? now - (long)(idle * time.TimestampFrequency) : null;
        return new ChildSaUsage(status.BytesIn, status.PacketsIn, status.BytesOut, status.PacketsOut, Since(status.IdleInSeconds),
            Since(status.IdleOutSeconds));
    }

    /// <summary>The negotiated CHILD_SA in the data plane's terms; throws for transforms the data plane does not implement.</summary>
    public static EspChildSa Translate(ChildSaDescription d)
    {
        var suite = Suite(d.Encryption, d.Integrity);
        return new EspChildSa
        {
            Connection = d.Connection,
            Child = d.Child,
            UniqueId = d.UniqueId,
            InboundSpi = d.InboundSpi,
            OutboundSpi = d.OutboundSpi,
            Suite = suite,
            ExtendedSequenceNumbers = d.ExtendedSequenceNumbers,
            InboundKeys = new EspKeyMaterial(d.InboundEncryptionKey, d.InboundIntegrityKey),
            OutboundKeys = new EspKeyMaterial(d.OutboundEncryptionKey, d.OutboundIntegrityKey),
            LocalSelectors = [.. d.LocalSelectors.Select(Selector)],
            RemoteSelectors = [.. d.RemoteSelectors.Select(Selector)],
            Endpoints = new EspEndpoints(d.LocalEndpoint, d.RemoteEndpoint, d.UdpEncapsulation),
            Lifetime = d.Lifetime > TimeSpan.Zero ? new EspSaLifetime { HardTime = d.Lifetime + HardLifetimeGrace } : EspSaLifetime.Unlimited,
            ReplacesInboundSpi = d.ReplacesInboundSpi,
            DeferOutboundSwitch = d.DeferOutboundSwitch,
        };
    }

    private static EspCipherSuite Suite(EncryptionTransform encryption, IntegrityTransform? integrity)
    {
        var cipher = encryption.Algorithm switch
        {
            EncryptionAlgorithm.AesGcm16 => EspEncryption.AesGcm16,
            EncryptionAlgorithm.AesCbc => EspEncryption.AesCbc,
            EncryptionAlgorithm.TripleDes => EspEncryption.TripleDesCbc,
            _ => throw new NotSupportedException($"the ESP data plane does not implement {encryption.Name}"),
        };
        var mac = integrity?.Algorithm switch
        {
            null or IntegrityAlgorithm.None => EspIntegrity.None,
            IntegrityAlgorithm.HmacSha1_96 => EspIntegrity.HmacSha1_96,
            IntegrityAlgorithm.HmacSha256_128 => EspIntegrity.HmacSha256_128,
            IntegrityAlgorithm.HmacSha384_192 => EspIntegrity.HmacSha384_192,
            IntegrityAlgorithm.HmacSha512_256 => EspIntegrity.HmacSha512_256,
            _ => throw new NotSupportedException($"the ESP data plane does not implement {integrity.Name}"),
        };
        return new EspCipherSuite(cipher, encryption.KeyBits, mac);
    }

    private static EspSelector Selector(IkeSelector s) => new(s.StartIp, s.EndIp, s.IpProtocol, s.StartPort, s.EndPort);
}
