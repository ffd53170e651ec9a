using System.Net;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Ike.Tests.Transport;

/// <summary>The runner carrying out the engine's actions against the data plane (no sockets: the transport is never opened).</summary>
public sealed class IkeRunnerTests
{
    [Fact]
    public void A_removed_child_sa_reports_its_final_counters_read_before_the_data_plane_forgets_them()
    {
        var installer = new CountingInstaller();
        using var transport = new IkeUdpTransport(NullLogger.Instance);
        var runner = new IkeRunner(new IkeEngine(TestCrypto.Provider, TimeProvider.System), transport, installer, TimeProvider.System,
            NullLogger.Instance);
        var removed = new List<(string Connection, ChildSaUsage Usage)>();
        runner.ChildSaRemoved = (connection, usage) => removed.Add((connection, usage));

        installer.Usage[0xa1000001] = new ChildSaUsage(1500, 3, 7000, 5, null);
        runner.Execute([new RemoveChildSa("hub1", "net", 0xa1000001, 0xb1000001)]);
        runner.Execute([new RemoveChildSa("hub1", "net", 0xa1000002, 0xb1000002)]); // unknown to the data plane: nothing to report

        Assert.Equal([("hub1", new ChildSaUsage(1500, 3, 7000, 5, null))], removed);
        Assert.Equal(["usage a1000001", "remove a1000001", "usage a1000002", "remove a1000002"], installer.Calls);
    }

    private sealed class CountingInstaller : IChildSaInstaller
    {
        public Dictionary<uint, ChildSaUsage> Usage { get; } = [];
        public List<string> Calls { get; } = [];

        public void Install(ChildSaDescription childSa) { }

        public void UpdateEndpoints(uint inboundSpi, IPEndPoint local, IPEndPoint remote, bool udpEncapsulation) { }

        public void Remove(uint inboundSpi, uint outboundSpi)
        {
            Calls.Add($"remove {inboundSpi:x8}");
            Usage.Remove(inboundSpi);
        }

        public ChildSaUsage? GetUsage(uint inboundSpi)
        {
            Calls.Add($"usage {inboundSpi:x8}");
            return Usage.TryGetValue(inboundSpi, out var usage) ? usage : null;
        }
    }
}
