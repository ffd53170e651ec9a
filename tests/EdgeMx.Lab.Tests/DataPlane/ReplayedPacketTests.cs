using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EdgeMx.Core.State;
using EdgeMx.Lab.Tests.Tunnels;
using EdgeMx.Lab.Tests.Uplinks;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.DataPlane;

/// <summary>
/// Anti-replay against a real packet (RFC 4303 §3.4.3): an ESP packet strongSwan hub1 sent, captured as it reached
/// the appliance and sent again unchanged from ISP 1 (the hub's address and port 4500, a valid ICV, a sequence number
/// the window has seen). It is dropped and counted as `replay`, the LAN gets the datagram it carried exactly once,
/// and the tunnel keeps working.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ReplayedPacketTests(LabFixture fixture)
{
    private const int MarkerPort = 7001;
    private const int MarkerLength = 700; // distinct from pings and TCP segments; the captured packet is at least this

    private Lab Lab => fixture.Lab;

    [Fact]
    public async Task A_replayed_captured_packet_is_dropped_as_replay_and_delivered_once()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab);
        var sa = await app.WaitUpAsync();
        var spi = Convert.ToUInt32(sa.Children.Single(c => c.State == "INSTALLED").SpiIn, 16);
        using var lan = NamespaceSockets.Open(Lab, "lan", SocketType.Dgram, ProtocolType.Udp).WithLargeReceiveBuffer();
        lan.Bind(new IPEndPoint(IPAddress.Any, MarkerPort));

        var (captured, marker) = CaptureMarker(spi);
        await WaitAsync(app, () => lan.Available > 0, "the datagram at the LAN client");
        var delivered = Copies(lan, marker);
        // The status follows the data plane by a moment: start from a snapshot that counts the captured packet.
        var before = (await app.WaitStatusAsync(s => Sa(s.DataPlane!, captured) is { PacketsIn: >= 1 },
            "the data plane's counters to show the captured packet")).DataPlane!;

        var after = (await ReplayUntilCountedAsync(app, captured, before)).DataPlane!;
        Assert.Equal(before.PacketsIn, after.PacketsIn); // nothing of it went into the LAN
        Assert.Equal(before.Drops.GetValueOrDefault("integrityFailure"), after.Drops.GetValueOrDefault("integrityFailure"));
        Assert.Equal(1, Sa(after, captured)!.DropsIn.GetValueOrDefault("replay") - Sa(before, captured)!.DropsIn.GetValueOrDefault("replay"));

        if (!await TunnelAppliance.LanReachesHub1Async(Lab))
            Assert.Fail($"the tunnel no longer carries traffic after the replay; {Describe((await app.StatusAsync()).DataPlane!)}; " +
                $"hub: {await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1)}");
        Assert.Equal(1, delivered + Copies(lan, marker)); // the LAN client saw the datagram once, never twice
        Assert.False(app.Process.HasExited);
    }

    /// <summary>
    /// hub1's private host sends the LAN client one datagram, which hub1 encrypts; the tap in $P-app keeps its ESP
    /// packet. UDP may be lost on a loaded machine: a marker that was not seen is followed by another one (3 tries).
    /// </summary>
    private (CapturedEspPacket Packet, byte[] Marker) CaptureMarker(uint spi)
    {
        using var hubHost = NamespaceSockets.Open(Lab, Hub.Hub1.PrivateNode, SocketType.Dgram, ProtocolType.Udp);
        using var tap = CapturedEspPacket.OpenTap(Lab, "app");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var marker = RandomNumberGenerator.GetBytes(MarkerLength);
            hubHost.SendTo(marker, new IPEndPoint(IPAddress.Parse("192.168.50.10"), MarkerPort));
            if (CapturedEspPacket.Take(tap, IPAddress.Parse(Hub.Hub1.PublicAddress), spi, MarkerLength, TimeSpan.FromSeconds(5)) is { } packet)
                return (packet, marker);
        }
        throw new TimeoutException($"no ESP packet with our SPI 0x{spi:x8} from {Hub.Hub1.PublicAddress}:4500 reached the appliance");
    }

    /// <summary>Sends the captured packet again from ISP 1 until the replay drop shows (3 tries: the injected datagram may be lost).</summary>
    private async Task<ApplianceState> ReplayUntilCountedAsync(LabAppliance app, CapturedEspPacket captured, DataPlaneState before)
    {
        for (var round = 1; ; round++)
        {
            captured.Replay(Lab, Wan.Wan1.Isp);
            try
            {
                return await app.WaitStatusAsync(s => s.DataPlane!.Drops.GetValueOrDefault("replay") > before.Drops.GetValueOrDefault("replay"),
                    $"the replayed {captured} to be counted as replay", TimeSpan.FromSeconds(8));
            }
            catch (TimeoutException) when (round < 3)
            {
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}; before: {Describe(before)}; now: {Describe((await app.StatusAsync()).DataPlane!)}", e);
            }
        }
    }

    private static async Task WaitAsync(LabAppliance app, Func<bool> condition, string what)
    {
        try
        {
            await Lab.WaitUntilAsync(condition, TimeSpan.FromSeconds(10), what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; {Describe((await app.StatusAsync()).DataPlane!)}", e);
        }
    }

    private static ChildSaState? Sa(DataPlaneState plane, CapturedEspPacket packet) =>
        plane.ChildSas.FirstOrDefault(c => c.InboundSpi == packet.Spi.ToString("x8"));

    private static string Describe(DataPlaneState plane) =>
        $"data plane in {plane.PacketsIn} out {plane.PacketsOut} packets, drops [{string.Join(", ", plane.Drops)}], SAs " +
        string.Join("; ", plane.ChildSas.Select(c => $"{c.InboundSpi} in {c.PacketsIn} drops [{string.Join(", ", c.DropsIn)}]"));

    /// <summary>Reads every datagram waiting on the socket and returns how many equal <paramref name="marker"/>.</summary>
    private static int Copies(Socket socket, byte[] marker)
    {
        var buffer = new byte[2048];
        var copies = 0;
        while (socket.Available > 0)
        {
            var length = socket.Receive(buffer);
            if (buffer.AsSpan(0, length).SequenceEqual(marker)) copies++;
        }
        return copies;
    }
}
