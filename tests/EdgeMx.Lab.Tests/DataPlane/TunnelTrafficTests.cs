using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EdgeMx.Core.State;
using EdgeMx.Lab.Tests.Tunnels;
using EdgeMx.Lab.Tests.Uplinks;
using EdgeMx.Testing;
using Xunit.Abstractions;

namespace EdgeMx.Lab.Tests.DataPlane;

/// <summary>
/// LAN traffic through the user-space ESP data plane to strongSwan hub1 (kernel-libipsec), over wan1 and over the
/// NAT path of wan2: ping, UDP both ways (numbered, hashed datagrams: at least 99 % delivered, none corrupted or
/// duplicated), 100 MB of TCP each way with matching SHA-256; and forged ESP on the wire (wrong SPI, truncated,
/// tampered) dropped, counted by reason, never delivered, the tunnel still carrying traffic afterwards.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class TunnelTrafficTests(LabFixture fixture, ITestOutputHelper output)
{
    private const long TransferBytes = 100_000_000;
    private const int UdpDatagrams = 4000;
    private const int UdpSize = 1200;
    private const int UdpPerSecond = 1000; // about 10 Mbit/s each way
    private static readonly TimeSpan TransferDeadline = TimeSpan.FromSeconds(120);

    private Lab Lab => fixture.Lab;

    [Theory]
    [InlineData("wan1")]
    [InlineData("wan2")] // the NAT path: behind ISP 2's masquerade, the hub sees 203.0.113.2
    public async Task Ping_udp_and_100_megabytes_of_tcp_cross_the_tunnel_both_ways_intact(string uplink)
    {
        Root.Require();
        var wan = Wan.Parse(uplink);
        await using var app = await TunnelAppliance.StartAsync(Lab, root: r => r["uplinkSelection"]!["primary"] = wan.Name);
        var sa = await app.WaitUpOverAsync(wan);
        Assert.Contains($"{wan.PublicAddress}[4500]", await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1)); // as the hub sees us
        Assert.True(await TunnelAppliance.LanReachesHub1Async(Lab), $"LAN client → {Hub.Hub1.HealthAddress} through the tunnel over {wan}");

        // UDP both ways at once, at a modest rate: nearly everything arrives, and what arrives is intact and arrives once.
        var udp = await Task.WhenAll(
            DatagramStream.RunAsync(Lab, "lan", Hub.Hub1.PrivateNode, Hub.Hub1.HealthAddress, 5003, UdpDatagrams, UdpSize, UdpPerSecond),
            DatagramStream.RunAsync(Lab, Hub.Hub1.PrivateNode, "lan", "192.168.50.10", 5004, UdpDatagrams, UdpSize, UdpPerSecond));
        foreach (var stream in udp)
        {
            output.WriteLine($"UDP over {wan}: {stream}");
            Assert.True(stream.DeliveredPercent >= 99, stream.ToString());
            Assert.True(stream is { Corrupted: 0, Duplicates: 0 }, stream.ToString());
        }

        var blob = Path.Combine(Lab.StateDir, "blob-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)));
        try
        {
            (await Lab.RunAsync("lan", $"head -c {TransferBytes} /dev/urandom > {blob}", TimeSpan.FromSeconds(60))).EnsureSuccess();
            string expected;
            await using (var file = File.OpenRead(blob)) expected = Convert.ToHexStringLower(await SHA256.HashDataAsync(file));

            // LAN → hub's private host, then hub's private host → LAN (the hub routes 192.168.50.0/24 into its tunnel).
            Assert.Equal(expected, await TransferAsync(receiver: Hub.Hub1.PrivateNode, listenPort: 5001,
                sender: "lan", target: Hub.Hub1.HealthAddress, blob));
            Assert.Equal(expected, await TransferAsync(receiver: "lan", listenPort: 5002,
                sender: Hub.Hub1.PrivateNode, target: "192.168.50.10", blob));

            var state = await app.WaitStatusAsync(s => s.DataPlane is { } d && d.ChildSas.Sum(c => c.BytesOut) >= TransferBytes
                && d.ChildSas.Sum(c => c.BytesIn) >= TransferBytes, "the data plane's counters to show both transfers",
                TimeSpan.FromSeconds(15));
            Assert.Equal(0, state.DataPlane!.Drops.GetValueOrDefault("integrityFailure"));
            Assert.All(state.DataPlane.ChildSas, c => Assert.StartsWith(wan.Address, c.LocalEndpoint));
        }
        finally
        {
            File.Delete(blob);
        }
    }

    [Fact]
    public async Task Forged_esp_is_dropped_and_counted_and_the_tunnel_keeps_working()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab);
        var sa = await app.WaitUpAsync();
        var spi = Convert.ToUInt32(sa.Children.Single(c => c.State == "INSTALLED").SpiIn, 16);
        var before = (await app.StatusAsync()).DataPlane!;

        // From the hub's host on the internet to our NAT-T port, as an attacker on the path could. UDP: on a loaded
        // machine a datagram may be lost, so a round that is not seen in the counters is sent again (3 rounds at most).
        ApplianceState? state = null;
        for (var round = 1; state is null; round++)
        {
            await SendAsync(Esp(0xdeadbeef, 1, 48));          // an SPI we never handed out
            await SendAsync(Esp(spi, 1, 48)[..6]);            // our SPI, cut short inside the header
            await SendAsync(Esp(spi, 0x7fff_fff0, 64));       // our SPI, a fresh sequence number, garbage for a body
            try
            {
                state = await app.WaitStatusAsync(s => Grew(before, s.DataPlane, "unknownSpi") && Grew(before, s.DataPlane, "malformed")
                    && Grew(before, s.DataPlane, "integrityFailure"), "unknownSpi, malformed and integrityFailure drops to be counted",
                    TimeSpan.FromSeconds(8));
            }
            catch (TimeoutException) when (round < 3)
            {
            }
            catch (TimeoutException e)
            {
                var now = (await app.StatusAsync()).DataPlane;
                throw new TimeoutException($"{e.Message}; drops before: {string.Join(", ", before.Drops)}; now: {(now is null ? "-" : string.Join(", ", now.Drops))}", e);
            }
        }
        Assert.Equal(before.PacketsIn, state.DataPlane!.PacketsIn); // nothing was delivered to the LAN
        Assert.False(app.Process.HasExited);
        Assert.True(await TunnelAppliance.LanReachesHub1Async(Lab), "the tunnel still carries traffic after the forged packets");
    }

    private static bool Grew(DataPlaneState before, DataPlaneState? now, string reason) =>
        now is not null && now.Drops.GetValueOrDefault(reason) > before.Drops.GetValueOrDefault(reason);

    /// <summary>An ESP header (SPI, sequence number) followed by random bytes.</summary>
    private static byte[] Esp(uint spi, uint sequence, int bodyLength)
    {
        var packet = new byte[8 + bodyLength];
        BinaryPrimitives.WriteUInt32BigEndian(packet, spi);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence);
        RandomNumberGenerator.Fill(packet.AsSpan(8));
        return packet;
    }

    /// <summary>One UDP datagram from hub1 (its public address, an ephemeral port) to the appliance's wan1:4500.</summary>
    private async Task SendAsync(byte[] datagram)
    {
        var octal = new StringBuilder();
        foreach (var b in datagram) octal.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
        (await Lab.RunAsync(Hub.Hub1.Node, $"printf '{octal}' | socat -u STDIN UDP4-SENDTO:{Wan.Wan1.Address}:4500")).EnsureSuccess();
    }

    /// <summary>Streams <paramref name="blob"/> over TCP and returns the receiver's SHA-256 of what arrived.</summary>
    private async Task<string> TransferAsync(string receiver, int listenPort, string sender, string target, string blob)
    {
        var listening = Lab.RunAsync(receiver, $"socat -u TCP4-LISTEN:{listenPort},reuseaddr STDOUT | sha256sum", TransferDeadline);
        await Lab.WaitUntilAsync(async () => (await Lab.RunAsync(receiver, $"ss -ltn 'sport = :{listenPort}'")).StdOut.Contains($":{listenPort}"),
            TimeSpan.FromSeconds(10), $"the receiver in {receiver} to listen", TimeSpan.FromMilliseconds(50));
        (await Lab.RunAsync(sender, $"socat -u FILE:{blob} TCP4:{target}:{listenPort}", TransferDeadline)).EnsureSuccess();
        var received = (await listening).EnsureSuccess();
        return received.StdOut.Split(' ', 2)[0].Trim();
    }
}
