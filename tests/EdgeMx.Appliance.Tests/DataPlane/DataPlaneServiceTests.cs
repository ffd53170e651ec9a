using System.Diagnostics;
using System.Net;
using EdgeMx.Appliance.Cli;
using EdgeMx.Appliance.DataPlane;
using EdgeMx.Core.Crypto;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Platform;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Net;
using Microsoft.Extensions.Logging.Abstractions;
using IkeSelector = EdgeMx.Ike.Messages.Payloads.TrafficSelector;

namespace EdgeMx.Appliance.Tests.DataPlane;

/// <summary>
/// The appliance's data-plane service and IKE's installer over it, in a throwaway network namespace (root): backend
/// choice recorded in the state, the TUN device created on first use, a CHILD_SA installed through
/// <see cref="IChildSaInstaller"/> with its routes and counters, drops by reason, status text, removal.
/// </summary>
public sealed class DataPlaneServiceTests : IDisposable
{
    private readonly string _ns = "espa" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
    private readonly NetworkNamespace _namespace;

    public DataPlaneServiceTests()
    {
        EdgeMx.Testing.Root.Require();
        Run($"ip netns add {_ns}");
        Run($"ip -n {_ns} link set lo up");
        Run($"ip -n {_ns} link add wan1 type veth peer name wan1p");
        Run($"ip -n {_ns} link set wan1p up");
        Run($"ip -n {_ns} addr add 198.51.100.2/24 dev wan1");
        Run($"ip -n {_ns} link set wan1 up");
        _namespace = NetworkNamespace.Open(_ns);
    }

    private sealed class NoKernelEsp : IKernelEspOffloadProbe
    {
        public KernelEspOffload Probe() => new(false, "the kernel has no usable ESP", ["netlink probe: EPROTONOSUPPORT"]);
    }

    private (DataPlaneService Service, ApplianceStateStore Store, EdgeMx.Core.Events.EventLog Events) Create()
    {
        var time = TimeProvider.System;
        var store = new ApplianceStateStore(new ApplianceState { DeviceId = "t", FirmwareVersion = "t" }, time);
        var events = new EdgeMx.Core.Events.EventLog(new EventLogOptions(), time);
        var crypto = new CryptoRuntime([new PlatformCryptoProvider()], new NoKernelEsp(), CryptoRuntimeOptions.Default, store, events, time,
            NullLogger<CryptoRuntime>.Instance);
        var options = new DataPlaneOptions { Namespace = _namespace, TunName = "esp-t0", RouteSource = IPAddress.Parse("192.168.50.1"),
            PublishInterval = TimeSpan.FromMinutes(10) };
        return (new DataPlaneService(crypto, options, store, events, time, NullLoggerFactory.Instance), store, events);
    }

    private static ChildSaDescription Child(uint inbound, uint outbound) => new()
    {
        Connection = "hub1", Child = "lan", UniqueId = 7, InboundSpi = inbound, OutboundSpi = outbound,
        Encryption = new EncryptionTransform(EncryptionAlgorithm.AesGcm16, 128, "aes128gcm16", "AES_GCM_16_128"),
        ExtendedSequenceNumbers = false,
        InboundEncryptionKey = new byte[20], InboundIntegrityKey = [], OutboundEncryptionKey = Enumerable.Repeat((byte)1, 20).ToArray(),
        OutboundIntegrityKey = [],
        LocalSelectors = [IkeSelector.ParseSubnet("192.168.50.0/24")], RemoteSelectors = [IkeSelector.ParseSubnet("10.1.0.0/24")],
        LocalEndpoint = IPEndPoint.Parse("198.51.100.2:4500"), RemoteEndpoint = IPEndPoint.Parse("203.0.113.11:4500"),
        UdpEncapsulation = true, Lifetime = TimeSpan.FromHours(1),
    };

    [Fact]
    public async Task Installs_through_the_ike_contract_counts_drops_and_shows_it_in_status()
    {
        var (service, store, events) = Create();
        await service.StartAsync(CancellationToken.None);
        try
        {
            var state = store.Current.DataPlane!;
            Assert.Equal("userspace", state.Backend);
            Assert.Equal("no kernel ESP: the kernel has no usable ESP", state.BackendReason);
            Assert.False(state.Running);
            Assert.Contains(events.Read(), e => e.Message.StartsWith("ESP data plane backend userspace", StringComparison.Ordinal));
            Assert.DoesNotContain("esp-t0", Run($"ip -n {_ns} link show")); // no device until a tunnel needs it

            IChildSaInstaller installer = new ChildSaInstaller(service, TimeProvider.System);
            Assert.Null(installer.GetUsage(0xa1000001));
            installer.Install(Child(0xa1000001, 0xb1000001));
            Assert.Contains("esp-t0", Run($"ip -n {_ns} link show"));
            Assert.Equal(new ChildSaUsage(0, 0, 0, 0, null), installer.GetUsage(0xa1000001));

            // Unknown SPI, then a truncated packet: both dropped and counted by reason.
            service.ReceiveEsp(new byte[] { 0x99, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28 });
            service.ReceiveEsp(new byte[] { 0xa1, 0, 0, 1, 0, 0, 0, 1 });
            service.Publish();
            state = store.Current.DataPlane!;
            Assert.True(state.Running);
            Assert.Equal("esp-t0", state.Device);
            Assert.Equal(1, state.Drops["unknownSpi"]);
            Assert.Equal(1, state.Drops["malformed"]);
            var sa = Assert.Single(state.ChildSas);
            Assert.Equal(("hub1", "lan", "a1000001", "b1000001", "esp-in-udp"), (sa.Connection, sa.Child, sa.InboundSpi, sa.OutboundSpi, sa.Encapsulation));
            Assert.Equal(1, sa.DropsIn["malformed"]);

            var text = StatusView.Render(store.Current, DateTimeOffset.UtcNow);
            Assert.Contains("ESP data plane  userspace (esp-t0)  running", text);
            Assert.Contains("hub1/lan #7  installed", text);
            Assert.Contains("in  a1000001  0 bytes / 0 packets  drops malformed 1", text);
            Assert.Contains("192.168.50.0/24 === 10.1.0.0/24", text);
            var json = System.Text.Json.JsonSerializer.Serialize(store.Current, EdgeMx.Core.Serialization.CoreJsonContext.Default.ApplianceState);
            Assert.Contains("\"dataPlane\":{\"backend\":\"userspace\"", json);
            Assert.Contains("\"gen2Collections\":", json);
            Assert.Contains("\"gen0Collections\":", json);
            Assert.Contains("\"allocatedBytes\":", json);

            installer.Remove(0xa1000001, 0xb1000001);
            installer.Remove(0xa1000001, 0xb1000001); // idempotent
            Assert.Null(installer.GetUsage(0xa1000001));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
        Assert.DoesNotContain("esp-t0", Run($"ip -n {_ns} link show"));
    }

    [Fact]
    public void Transforms_the_data_plane_lacks_are_refused_clearly()
    {
        var child = Child(1, 2) with { Encryption = new EncryptionTransform(EncryptionAlgorithm.ChaCha20Poly1305, 256, "chacha20poly1305", "CHACHA20_POLY1305") };
        var error = Assert.Throws<NotSupportedException>(() => ChildSaInstaller.Translate(child));
        Assert.Contains("CHACHA20_POLY1305", error.Message);

        var cbc = ChildSaInstaller.Translate(Child(1, 2) with
        {
            Encryption = new EncryptionTransform(EncryptionAlgorithm.AesCbc, 256, "aes256", "AES_CBC_256"),
            Integrity = TransformCatalog.Integrity[1],
            InboundEncryptionKey = new byte[32], InboundIntegrityKey = new byte[32], OutboundEncryptionKey = new byte[32], OutboundIntegrityKey = new byte[32],
        });
        Assert.Equal("AES_CBC-256/HMAC_SHA2_256_128", cbc.Suite.Name);
        Assert.Equal(TimeSpan.FromHours(1) + ChildSaInstaller.HardLifetimeGrace, cbc.Lifetime.HardTime);
    }

    private static string Run(string command)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command}: {errors}");
        return output;
    }

    public void Dispose()
    {
        _namespace.Dispose();
        Run($"ip netns del {_ns}");
    }
}
