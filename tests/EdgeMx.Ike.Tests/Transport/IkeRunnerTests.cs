using System.Net;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages.Payloads;
using EdgeMx.Ike.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Ike.Tests.Transport;

/// <summary>The runner carrying out the engine's actions against the data plane (no sockets: the transport is never opened).</summary>
public sealed class IkeRunnerTests
{
    [Fact]
    public void A_removed_child_sa_s_final_counters_top_up_the_connection_totals()
    {
        var installer = new CountingInstaller();
        using var transport = new IkeUdpTransport(NullLogger.Instance);
        var engine = new IkeEngine(TestCrypto.Provider, TimeProvider.System);
        var runner = new IkeRunner(engine, transport, installer, TimeProvider.System, NullLogger.Instance);

        // The engine had counted 1000 bytes in at the last pull; the data plane's final counters show 1500.
        installer.Usage[0xa1000001] = new ChildSaUsage(1500, 3, 7000, 5, null);
        runner.Execute([new RemoveChildSa("hub1", "net", 0xa1000001, 0xb1000001, new ChildSaUsage(1000, 2, 7000, 5, null))]);
        runner.Execute([new RemoveChildSa("hub1", "net", 0xa1000002, 0xb1000002)]); // unknown to the data plane: nothing to add

        Assert.Equal(["usage a1000001", "remove a1000001", "usage a1000002", "remove a1000002"], installer.Calls);
        var totals = engine.TotalsOf("hub1");
        Assert.Equal((500L, 1L, 0L, 0L), (totals.BytesIn, totals.PacketsIn, totals.BytesOut, totals.PacketsOut));
    }

    [Fact]
    public void The_state_is_published_after_the_batch_so_an_installed_child_sa_is_in_the_data_plane_already()
    {
        var installer = new CountingInstaller();
        using var transport = new IkeUdpTransport(NullLogger.Instance);
        var runner = new IkeRunner(new IkeEngine(TestCrypto.Provider, TimeProvider.System), transport, installer, TimeProvider.System,
            NullLogger.Instance);
        runner.StateChanged = connection => installer.Calls.Add($"state {connection}");

        // What the engine returns for an IKE_AUTH response: the IKE SA's state change comes before the CHILD_SA's install.
        runner.Execute([new SaStateChanged("hub1"), new InstallChildSa(Child(0xa1000001)), new SaStateChanged("hub1")]);

        Assert.Equal(["install a1000001", "state hub1"], installer.Calls);
    }

    private static ChildSaDescription Child(uint inbound) => new()
    {
        Connection = "hub1", Child = "net", UniqueId = 2, InboundSpi = inbound, OutboundSpi = 0xb1000001, ExtendedSequenceNumbers = false,
        Encryption = new EncryptionTransform(EncryptionAlgorithm.AesGcm16, 128, "aes128gcm16", "AES_GCM_16_128"),
        InboundEncryptionKey = new byte[20], InboundIntegrityKey = [], OutboundEncryptionKey = new byte[20], OutboundIntegrityKey = [],
        LocalSelectors = [TrafficSelector.ParseSubnet("192.168.50.0/24")],
        RemoteSelectors = [TrafficSelector.ParseSubnet("10.1.0.0/24")],
        LocalEndpoint = IPEndPoint.Parse("198.51.100.2:4500"), RemoteEndpoint = IPEndPoint.Parse("203.0.113.11:4500"),
        UdpEncapsulation = true, Lifetime = TimeSpan.FromHours(1),
    };

    private sealed class CountingInstaller : IChildSaInstaller
    {
        public Dictionary<uint, ChildSaUsage> Usage { get; } = [];
        public List<string> Calls { get; } = [];

        public void Install(ChildSaDescription childSa) => Calls.Add($"install {childSa.InboundSpi:x8}");

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
