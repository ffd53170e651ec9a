using System.Net;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Esp.Policy;
using EdgeMx.Esp.Transform;
using EdgeMx.Hal.Linux.Crypto.Platform;
using EdgeMx.Testing;

namespace EdgeMx.Esp.Tests.DataPlane;

/// <summary>
/// Two user-space data planes in one process with fixed keys: "branch" (192.168.50.0/24, the appliance's role) and
/// "hub" (10.1.0.0/24). Packets go from one packet path to the other through byte arrays: no sockets, no TUN.
/// </summary>
internal sealed class TwoPeers : IDisposable
{
    public static readonly EspCipherSuite Gcm128 = new(EspEncryption.AesGcm16, 128);
    private readonly PlatformCryptoProvider _crypto = new();
    private uint _nextSpi = 0x1000;
    private long _uniqueId;

    public TwoPeers(int uplinkMtu = 1500, EspPathOptions? branchOptions = null)
    {
        Time = new ManualTimeProvider();
        Branch = new ChildSaTable(_crypto, Time, _ => uplinkMtu);
        Hub = new ChildSaTable(_crypto, Time, _ => uplinkMtu);
        BranchPath = new EspPacketPath(Branch, branchOptions ?? new EspPathOptions { LanAddresses = [IPAddress.Parse("192.168.50.1")] }, Time);
        // The hub stands for a peer that clamps nothing: what the branch clamps is visible at the other end.
        HubPath = new EspPacketPath(Hub, new EspPathOptions { ClampMss = false }, Time);
    }

    public ManualTimeProvider Time { get; }
    public ChildSaTable Branch { get; }
    public ChildSaTable Hub { get; }
    public EspPacketPath BranchPath { get; }
    public EspPacketPath HubPath { get; }

    public static readonly EspEndpoints BranchEndpoints = new(IPEndPoint.Parse("198.51.100.2:4500"), IPEndPoint.Parse("203.0.113.11:4500"), true);
    public static readonly EspEndpoints HubEndpoints = new(IPEndPoint.Parse("203.0.113.11:4500"), IPEndPoint.Parse("198.51.100.2:4500"), true);

    /// <summary>
    /// Establishes a CHILD_SA on both sides (as IKE would after IKE_AUTH or a rekey); returns the branch's SPIs. With
    /// <paramref name="branchAnswersRekey"/> the hub initiated the rekey and the branch answered it.
    /// </summary>
    public (uint BranchIn, uint BranchOut) Establish(EspCipherSuite? suite = null, (uint In, uint Out)? replaces = null,
        string local = "192.168.50.0/24", string remote = "10.1.0.0/24", string child = "lan", bool esn = false,
        Esp.Sa.EspSaLifetime? lifetime = null, uint? branchInboundSpi = null, bool branchAnswersRekey = false)
    {
        suite ??= Gcm128;
        var branchIn = branchInboundSpi ?? _nextSpi++;
        var hubIn = _nextSpi++;
        var toBranch = RandomKeys(suite);
        var toHub = RandomKeys(suite);
        var id = ++_uniqueId;
        Branch.Install(new EspChildSa
        {
            Connection = "hub1", Child = child, UniqueId = id, InboundSpi = branchIn, OutboundSpi = hubIn, Suite = suite,
            ExtendedSequenceNumbers = esn, InboundKeys = toBranch, OutboundKeys = toHub,
            LocalSelectors = [TrafficSelector.FromPrefix(local)], RemoteSelectors = [TrafficSelector.FromPrefix(remote)],
            Endpoints = BranchEndpoints, ReplacesInboundSpi = replaces?.In, Lifetime = lifetime ?? Esp.Sa.EspSaLifetime.Unlimited,
            DeferOutboundSwitch = branchAnswersRekey,
        });
        Hub.Install(new EspChildSa
        {
            Connection = "branch", Child = child, UniqueId = id, InboundSpi = hubIn, OutboundSpi = branchIn, Suite = suite,
            ExtendedSequenceNumbers = esn, InboundKeys = toHub, OutboundKeys = toBranch,
            LocalSelectors = [TrafficSelector.FromPrefix(remote)], RemoteSelectors = [TrafficSelector.FromPrefix(local)],
            Endpoints = HubEndpoints, ReplacesInboundSpi = replaces?.Out, Lifetime = lifetime ?? Esp.Sa.EspSaLifetime.Unlimited,
        });
        toBranch.Dispose();
        toHub.Dispose();
        return (branchIn, hubIn);
    }

    private EspKeyMaterial RandomKeys(EspCipherSuite suite)
    {
        var encryption = new byte[suite.EncryptionKeyMaterialSize];
        var integrity = new byte[suite.IntegrityKeySize];
        _crypto.GetRandomBytes(encryption);
        _crypto.GetRandomBytes(integrity);
        return new EspKeyMaterial(encryption, integrity);
    }

    /// <summary>Runs a LAN packet through the branch's outbound path; returns the ESP packet (or null) and the verdict.</summary>
    public static (OutboundVerdict Verdict, byte[]? Esp, byte[]? Reply, PolicyTarget? Target) Send(EspPacketPath path, byte[] inner)
    {
        var buffer = new byte[EspPacketPath.Headroom + inner.Length + EspPacketPath.Tailroom];
        inner.CopyTo(buffer, EspPacketPath.Headroom);
        var reply = new byte[1500];
        var verdict = path.Outbound(buffer, inner.Length, reply, out var offset, out var length, out var target, out var replyLength);
        return verdict switch
        {
            OutboundVerdict.Send => (verdict, buffer.AsSpan(offset, length).ToArray(), null, target),
            OutboundVerdict.Reply => (verdict, null, reply[..replyLength], target),
            _ => (verdict, null, null, target),
        };
    }

    /// <summary>Delivers an ESP packet to a packet path; returns the inner packet or null.</summary>
    public static byte[]? Receive(EspPacketPath path, byte[] esp)
    {
        var copy = (byte[])esp.Clone();
        return path.Inbound(copy, out var offset, out var length) ? copy.AsSpan(offset, length).ToArray() : null;
    }

    public void Dispose()
    {
        Branch.Dispose();
        Hub.Dispose();
    }
}
