using System.Net;
using EdgeMx.Esp.Backends.UserSpace;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Esp.Policy;
using EdgeMx.Esp.Tests.Namespaces;
using EdgeMx.Esp.Transform;
using EdgeMx.Hal.Linux.Crypto.Platform;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Esp.Tests.Backends;

/// <summary>
/// Two EdgeMx user-space data planes in two namespaces, joined by a "WAN" veth, each with a host behind it:
/// <code>
///  lan (10.10.0.10) -- branch [lan0 10.10.0.1 | TUN | wan 192.0.2.1] == wan == hub [wan 192.0.2.2 | TUN | priv 10.20.0.1] -- host (10.20.0.10)
/// </code>
/// CHILD_SAs are installed with fixed keys, as IKE would install them. Our code against itself: interop with
/// strongSwan is proved by the lab tests; this shows the TUN and socket plumbing on its own.
/// </summary>
internal sealed class TwoDataPlanes : IAsyncDisposable
{
    private readonly PlatformCryptoProvider _crypto = new();
    private uint _nextSpi = 0x5000;

    private TwoDataPlanes(TestNamespace lan, TestNamespace branchNs, TestNamespace hubNs, TestNamespace host)
    {
        Lan = lan;
        BranchNamespace = branchNs;
        HubNamespace = hubNs;
        Host = host;
    }

    public TestNamespace Lan { get; }
    public TestNamespace BranchNamespace { get; }
    public TestNamespace HubNamespace { get; }
    public TestNamespace Host { get; }
    public UserSpaceDataPlane Branch { get; private set; } = null!;
    public UserSpaceDataPlane Hub { get; private set; } = null!;

    public static async Task<TwoDataPlanes> CreateAsync(int wanMtu = 1500)
    {
        var lan = new TestNamespace("lan");
        var branch = new TestNamespace("branch");
        var hub = new TestNamespace("hub");
        var host = new TestNamespace("host");
        var planes = new TwoDataPlanes(lan, branch, hub, host);
        try
        {
            TestNamespace.Link(lan, "eth0", "10.10.0.10/24", branch, "lan0", "10.10.0.1/24");
            TestNamespace.Link(branch, "wan", "192.0.2.1/24", hub, "wan", "192.0.2.2/24", wanMtu);
            TestNamespace.Link(hub, "priv", "10.20.0.1/24", host, "eth0", "10.20.0.10/24");
            lan.Ip("route add default via 10.10.0.1");
            host.Ip("route add default via 10.20.0.1");
            branch.Forwarding();
            hub.Forwarding();
            planes.Branch = await UserSpaceDataPlane.StartAsync(new UserSpaceDataPlaneOptions
            {
                TunName = "esp0",
                Namespace = branch.Namespace,
                RouteSource = IPAddress.Parse("10.10.0.1"),
                Path = new EspPathOptions { LanAddresses = [IPAddress.Parse("10.10.0.1")] },
            }, planes._crypto, TimeProvider.System, NullLogger.Instance);
            planes.Hub = await UserSpaceDataPlane.StartAsync(new UserSpaceDataPlaneOptions
            {
                TunName = "esp0",
                Namespace = hub.Namespace,
                RouteSource = IPAddress.Parse("10.20.0.1"),
                Path = new EspPathOptions { LanAddresses = [IPAddress.Parse("10.20.0.1")] },
            }, planes._crypto, TimeProvider.System, NullLogger.Instance);
            return planes;
        }
        catch
        {
            await planes.DisposeAsync();
            throw;
        }
    }

    /// <summary>Installs a CHILD_SA on both sides (hub first, as a responder would); returns the branch's inbound and outbound SPIs.</summary>
    public async Task<(uint In, uint Out)> EstablishAsync(EspCipherSuite suite, bool udp = true, (uint In, uint Out)? replaces = null)
    {
        var branchIn = _nextSpi++;
        var hubIn = _nextSpi++;
        using var toBranch = Keys(suite);
        using var toHub = Keys(suite);
        var port = udp ? 4500 : 0;
        Hub.Install(new EspChildSa
        {
            Connection = "branch", Child = "lan", InboundSpi = hubIn, OutboundSpi = branchIn, Suite = suite,
            InboundKeys = toHub, OutboundKeys = toBranch,
            LocalSelectors = [TrafficSelector.FromPrefix("10.20.0.0/24")], RemoteSelectors = [TrafficSelector.FromPrefix("10.10.0.0/24")],
            Endpoints = new EspEndpoints(new IPEndPoint(IPAddress.Parse("192.0.2.2"), port), new IPEndPoint(IPAddress.Parse("192.0.2.1"), port), udp),
            ReplacesInboundSpi = replaces?.Out,
        });
        Branch.Install(new EspChildSa
        {
            Connection = "hub", Child = "lan", InboundSpi = branchIn, OutboundSpi = hubIn, Suite = suite,
            InboundKeys = toBranch, OutboundKeys = toHub,
            LocalSelectors = [TrafficSelector.FromPrefix("10.10.0.0/24")], RemoteSelectors = [TrafficSelector.FromPrefix("10.20.0.0/24")],
            Endpoints = new EspEndpoints(new IPEndPoint(IPAddress.Parse("192.0.2.1"), port), new IPEndPoint(IPAddress.Parse("192.0.2.2"), port), udp),
            ReplacesInboundSpi = replaces?.In,
        });
        await Branch.SettleAsync();
        await Hub.SettleAsync();
        return (branchIn, hubIn);
    }

    private EspKeyMaterial Keys(EspCipherSuite suite)
    {
        var encryption = new byte[suite.EncryptionKeyMaterialSize];
        var integrity = new byte[suite.IntegrityKeySize];
        _crypto.GetRandomBytes(encryption);
        _crypto.GetRandomBytes(integrity);
        return new EspKeyMaterial(encryption, integrity);
    }

    public async ValueTask DisposeAsync()
    {
        if (Branch is not null) await Branch.DisposeAsync();
        if (Hub is not null) await Hub.DisposeAsync();
        Lan.Dispose();
        BranchNamespace.Dispose();
        HubNamespace.Dispose();
        Host.Dispose();
    }
}
