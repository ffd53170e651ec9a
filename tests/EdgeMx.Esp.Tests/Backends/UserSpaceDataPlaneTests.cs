using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EdgeMx.Esp.Transform;

namespace EdgeMx.Esp.Tests.Backends;

/// <summary>The user-space backend end to end between two EdgeMx data planes (root, network namespaces).</summary>
[Collection("namespaces")]
public class UserSpaceDataPlaneTests
{
    private static readonly EspCipherSuite Gcm = new(EspEncryption.AesGcm16, 128);

    [Fact]
    public async Task Lan_host_pings_the_remote_host_through_esp_in_udp_and_routes_follow_the_sa()
    {
        await using var planes = await TwoDataPlanes.CreateAsync();
        var (branchIn, branchOut) = await planes.EstablishAsync(Gcm);

        Assert.Contains("10.20.0.0/24 dev esp0", planes.BranchNamespace.Ip("route show proto 77"));
        Assert.Contains("src 10.10.0.1", planes.BranchNamespace.Ip("route show proto 77"));
        var ping = planes.Lan.Exec("ping -c 3 -i 0.2 -W 2 10.20.0.10");
        Assert.Contains("3 received", ping);

        var status = planes.Branch.GetStatus(branchIn)!;
        Assert.Equal(3, status.PacketsOut);
        Assert.Equal(3, status.PacketsIn);
        Assert.Equal("esp-in-udp", status.Encapsulation);
        Assert.Equal(1438, status.TunnelMtu);
        Assert.Contains("mtu 1438", planes.BranchNamespace.Ip("link show esp0"));

        planes.Branch.Remove(branchIn, branchOut);
        await planes.Branch.SettleAsync();
        Assert.DoesNotContain("10.20.0.0/24", planes.BranchNamespace.Ip("route show proto 77"));
    }

    [Fact]
    public async Task The_tunnel_device_gets_no_ipv6_link_local_address_and_still_carries_traffic()
    {
        // With one, the kernel's router solicitations and MLD reports (fe80:: to ff02::) left the device, matched no
        // policy and were counted as noPolicy drops on every healthy tunnel (seen in the strongSwan lab).
        await using var planes = await TwoDataPlanes.CreateAsync();
        Assert.Contains("UP", planes.BranchNamespace.Ip("link show esp0"));
        Assert.DoesNotContain("fe80", planes.BranchNamespace.Ip("-6 addr show dev esp0"));
        await planes.EstablishAsync(Gcm);
        Assert.Contains("3 received", planes.Lan.Exec("ping -c 3 -i 0.2 -W 2 10.20.0.10"));
    }

    [Fact]
    public async Task Raw_esp_without_udp_encapsulation_carries_traffic_too()
    {
        await using var planes = await TwoDataPlanes.CreateAsync();
        await planes.EstablishAsync(Gcm, udp: false);
        Assert.Contains("2 received", planes.Lan.Exec("ping -c 2 -i 0.2 -W 2 10.20.0.10"));
        var status = planes.Branch.Snapshot().Single();
        Assert.Equal("esp", status.Encapsulation);
        Assert.Equal(1446, status.TunnelMtu); // no UDP header: 8 octets more than 1438
    }

    [Fact]
    public async Task A_tcp_transfer_arrives_intact_in_both_directions_and_udp_works_both_ways()
    {
        await using var planes = await TwoDataPlanes.CreateAsync();
        await planes.EstablishAsync(new EspCipherSuite(EspEncryption.AesCbc, 256, EspIntegrity.HmacSha256_128));

        var data = RandomNumberGenerator.GetBytes(8 << 20);
        Assert.Equal(SHA256.HashData(data), await TransferAsync(planes.Lan, planes.Host, IPAddress.Parse("10.20.0.10"), data));
        Assert.Equal(SHA256.HashData(data), await TransferAsync(planes.Host, planes.Lan, IPAddress.Parse("10.10.0.10"), data));

        using var lanUdp = planes.Lan.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        using var hostUdp = planes.Host.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        lanUdp.Bind(new IPEndPoint(IPAddress.Parse("10.10.0.10"), 7000));
        hostUdp.Bind(new IPEndPoint(IPAddress.Parse("10.20.0.10"), 7000));
        lanUdp.ReceiveTimeout = hostUdp.ReceiveTimeout = 5000;
        var buffer = new byte[2000];
        lanUdp.SendTo("to the hub"u8, new IPEndPoint(IPAddress.Parse("10.20.0.10"), 7000));
        var n = hostUdp.ReceiveFrom(buffer, SocketFlags.None, new SocketAddress(AddressFamily.InterNetwork));
        Assert.Equal("to the hub"u8.ToArray(), buffer[..n]);
        hostUdp.SendTo("to the lan"u8, new IPEndPoint(IPAddress.Parse("10.10.0.10"), 7000));
        n = lanUdp.ReceiveFrom(buffer, SocketFlags.None, new SocketAddress(AddressFamily.InterNetwork));
        Assert.Equal("to the lan"u8.ToArray(), buffer[..n]);
    }

    [Fact]
    public async Task An_oversize_df_packet_gets_fragmentation_needed_from_the_lan_address()
    {
        // The WAN MTU is 1400: tunnel MTU 1338, while the TUN device and LAN run 1500... and the TUN follows the
        // tunnel MTU, so make the LAN host's packet exceed it either way.
        await using var planes = await TwoDataPlanes.CreateAsync(wanMtu: 1400);
        await planes.EstablishAsync(Gcm);
        var output = planes.Lan.Exec("ping -c 1 -W 2 -M do -s 1400 10.20.0.10", check: false);
        Assert.Contains("mtu = 1338", output.Replace("mtu=", "mtu = "));
        Assert.Contains("From 10.10.0.1", output);
        // With the path MTU learnt, a fitting packet goes through.
        Assert.Contains("1 received", planes.Lan.Exec("ping -c 1 -W 2 -M do -s 1310 10.20.0.10"));
    }

    [Fact]
    public async Task A_rekey_during_a_transfer_loses_nothing()
    {
        await using var planes = await TwoDataPlanes.CreateAsync();
        var first = await planes.EstablishAsync(Gcm);
        var data = RandomNumberGenerator.GetBytes(16 << 20);
        var transfer = TransferAsync(planes.Lan, planes.Host, IPAddress.Parse("10.20.0.10"), data);
        await Task.Delay(200);
        var second = await planes.EstablishAsync(Gcm, replaces: first);
        await Task.Delay(200);
        planes.Branch.Remove(first.In, first.Out);
        planes.Hub.Remove(first.Out, first.In);
        Assert.Equal(SHA256.HashData(data), await transfer);
        var status = planes.Branch.GetStatus(second.In)!;
        Assert.True(status.PacketsOut > 0 && status.PacketsIn > 0);
    }

    /// <summary>Sends <paramref name="data"/> over TCP from one namespace to a listener in another; returns the SHA-256 of what arrived.</summary>
    internal static async Task<byte[]> TransferAsync(Namespaces.TestNamespace from, Namespaces.TestNamespace to, IPAddress toAddress, byte[] data)
    {
        using var listener = to.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(toAddress, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var receive = Task.Run(async () =>
        {
            using var connection = await listener.AcceptAsync();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[65536];
            int n;
            while ((n = await connection.ReceiveAsync(buffer)) > 0) hash.AppendData(buffer, 0, n);
            return hash.GetHashAndReset();
        });
        using (var client = from.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await client.ConnectAsync(new IPEndPoint(toAddress, port), timeout.Token);
            await client.SendAsync(data, timeout.Token);
            client.Shutdown(SocketShutdown.Send);
            return await receive.WaitAsync(timeout.Token);
        }
    }
}
