using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Tests.Engine;
using EdgeMx.Ike.Transport;
using EdgeMx.Net.Sockets;
using EdgeMx.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Ike.Tests.Transport;

/// <summary>
/// The real UDP transport on loopback (device lo, addresses 127.0.0.x, random high ports so parallel runs do not
/// collide): RFC 3948 sorting on the NAT-T port, marker framing on send, ESP both ways on the shared socket, and two
/// engines bringing a tunnel up through real sockets.
/// </summary>
public sealed class IkeUdpTransportTests : IDisposable
{
    private static int _nextPort = 20000 + Random.Shared.Next(0, 20000);
    private readonly int _ikePort = Interlocked.Add(ref _nextPort, 2);
    private int NatPort => _ikePort + 1;
    private readonly List<IDisposable> _disposables = [];

    private IkeUdpTransport Open(string address)
    {
        Root.Require();
        var transport = new IkeUdpTransport(NullLogger.Instance, _ikePort, NatPort);
        _disposables.Add(transport);
        transport.Open(new UplinkBinding("lo", IPAddress.Parse(address)));
        return transport;
    }

    private Socket Client(string address)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _disposables.Add(client);
        client.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        client.ReceiveTimeout = 5000;
        return client;
    }

    [Fact]
    public void Sorts_NAT_T_datagrams_as_RFC_3948_says()
    {
        var transport = Open("127.0.0.1");
        var ike = new BlockingCollection<(byte[] Message, IPEndPoint Remote, IPEndPoint Local)>();
        var esp = new BlockingCollection<byte[]>();
        transport.IkeReceived = (message, remote, local) => ike.Add((message.ToArray(), remote, local));
        transport.EspReceived = packet => esp.Add(packet.ToArray());
        var client = Client("127.0.0.9");
        var nat = new IPEndPoint(IPAddress.Loopback, NatPort);

        client.SendTo([0, 0, 0, 0, 1, 2, 3], nat);         // IKE behind the non-ESP marker
        client.SendTo([0xFF], nat);                        // NAT-keepalive
        client.SendTo([0xC0, 0, 0, 1, 9, 9, 9, 9], nat);    // ESP (SPI 0xc0000001)
        client.SendTo([0, 0], nat);                        // nothing
        client.SendTo([0, 0, 0, 0, 5], new IPEndPoint(IPAddress.Loopback, _ikePort)); // port 500: all IKE, no marker

        // The two sockets have a receive thread each: the IKE messages of port 4500 and port 500 arrive in either order.
        Assert.True(ike.TryTake(out var a, 5000));
        Assert.True(ike.TryTake(out var b, 5000));
        var (first, second) = a.Local.Port == NatPort ? (a, b) : (b, a);
        Assert.Equal([1, 2, 3], first.Message);
        Assert.Equal(client.LocalEndPoint, first.Remote);
        Assert.Equal(nat, first.Local);
        Assert.True(esp.TryTake(out var packet, 5000));
        Assert.Equal([0xC0, 0, 0, 1, 9, 9, 9, 9], packet);
        Assert.Equal([0, 0, 0, 0, 5], second.Message);
        Assert.Equal(_ikePort, second.Local.Port);
        Assert.Equal(1, transport.KeepalivesReceived);
        // [0, 0] came after the ESP packet on the same socket: counted once the receive thread got to it.
        Assert.True(SpinWait.SpinUntil(() => transport.InvalidReceived == 1, 5000));
        Assert.Equal(1, transport.EspReceivedCount);
    }

    [Fact]
    public void Frames_what_it_sends_and_shares_the_NAT_T_socket_with_ESP()
    {
        var transport = Open("127.0.0.1");
        var client = Client("127.0.0.9");
        var remote = (IPEndPoint)client.LocalEndPoint!;
        var nat = new IPEndPoint(IPAddress.Loopback, NatPort);
        var buffer = new byte[100];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);

        Assert.True(transport.Send(new SendDatagram(nat, remote, [7, 7])));
        Assert.Equal([0, 0, 0, 0, 7, 7], buffer[..client.ReceiveFrom(buffer, ref from)]);
        Assert.Equal(nat, from);
        Assert.True(transport.Send(new SendDatagram(nat, remote, [0xFF], IsKeepalive: true)));
        Assert.Equal([0xFF], buffer[..client.ReceiveFrom(buffer, ref from)]);
        Assert.True(transport.Send(new SendDatagram(new IPEndPoint(IPAddress.Loopback, _ikePort), remote, [8])));
        Assert.Equal([8], buffer[..client.ReceiveFrom(buffer, ref from)]);
        Assert.Equal(_ikePort, ((IPEndPoint)from).Port);
        Assert.True(transport.TrySendEsp([0xC0, 0, 0, 1, 4], new EspEndpoints(nat, remote, udpEncapsulation: true)));
        Assert.Equal([0xC0, 0, 0, 1, 4], buffer[..client.ReceiveFrom(buffer, ref from)]);
        Assert.Equal(nat, from);

        // No socket on that address (uplink gone): refused, not thrown.
        Assert.False(transport.Send(new SendDatagram(new IPEndPoint(IPAddress.Parse("127.0.0.3"), NatPort), remote, [1])));
        Assert.False(transport.TrySendEsp([1, 2, 3, 4], new EspEndpoints(new IPEndPoint(IPAddress.Parse("127.0.0.3"), NatPort), remote, true)));
        transport.Close(IPAddress.Loopback);
        Assert.False(transport.Send(new SendDatagram(nat, remote, [7])));
    }

    [Fact]
    public async Task Two_engines_bring_a_tunnel_up_over_real_sockets_and_float_to_NAT_T()
    {
        var options = new IkeEngineOptions { IkePort = _ikePort, NatTraversalPort = NatPort };
        var spokeInstaller = new RecordingInstaller();
        var hubInstaller = new RecordingInstaller();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var spoke = Start("127.0.0.2", spokeInstaller, options, stop.Token);
        var hub = Start("127.0.0.1", hubInstaller, options, stop.Token);
        var hubEsp = new BlockingCollection<byte[]>();
        hub.Transport.EspReceived = packet => hubEsp.Add(packet.ToArray());

        await hub.InvokeAsync(e => e.AddConnection(Tunnels.Hub()));
        var spokeSettings = Tunnels.Spoke(hub: "127.0.0.1") with
        {
            RemotePort = _ikePort,
            Nat = NatSettings.Default with { ForceEncapsulation = true },
        };
        await spoke.InvokeAsync(e => e.AddConnection(spokeSettings));
        await spoke.InvokeAsync(e => e.Initiate("hub1", IPAddress.Parse("127.0.0.2")));

        var installed = spokeInstaller.Installed.Take(stop.Token);
        Assert.True(hubInstaller.Installed.TryTake(out var hubSide, 10000, stop.Token));
        Assert.Equal(installed.InboundSpi, hubSide.OutboundSpi);
        Assert.True(installed.UdpEncapsulation);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.1"), NatPort), installed.RemoteEndpoint);
        var sa = await spoke.QueryAsync(e => e.Sas.Single());
        Assert.Equal(IkeSaState.Established, sa.State);
        Assert.Equal(NatPort, sa.Local.Port);

        // The data plane sends ESP from the spoke's 4500 socket; it arrives at the hub's ESP receiver, not its IKE.
        byte[] esp = [.. BitConverter.GetBytes(hubSide.InboundSpi).Reverse(), 0, 0, 0, 1, 0xAB];
        Assert.True(spoke.Transport.TrySendEsp(esp, new EspEndpoints(installed.LocalEndpoint, installed.RemoteEndpoint, true)));
        Assert.True(hubEsp.TryTake(out var arrived, 5000, stop.Token));
        Assert.Equal(esp, arrived);

        // A DPD round trip through the 4500 sockets keeps the SA.
        await spoke.InvokeAsync(e => e.CheckLiveness("hub1"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (hub.Transport.IkeDatagramsReceived < 3 && DateTime.UtcNow < deadline) await Task.Delay(20, stop.Token);
        Assert.True(hub.Transport.IkeDatagramsReceived >= 3);
        Assert.Equal(0, spoke.DroppedDatagrams);
        stop.Cancel();
    }

    private IkeRunner Start(string address, IChildSaInstaller installer, IkeEngineOptions options, CancellationToken token)
    {
        var transport = Open(address);
        var runner = new IkeRunner(new IkeEngine(TestCrypto.Provider, TimeProvider.System, options), transport, installer,
            TimeProvider.System, NullLogger.Instance);
        _ = Task.Run(() => runner.RunAsync(token), token);
        return runner;
    }

    public void Dispose()
    {
        foreach (var disposable in _disposables) disposable.Dispose();
    }

    private sealed class RecordingInstaller : IChildSaInstaller
    {
        public BlockingCollection<ChildSaDescription> Installed { get; } = new();

        public void Install(ChildSaDescription childSa) => Installed.Add(childSa);

        public void UpdateEndpoints(uint inboundSpi, IPEndPoint local, IPEndPoint remote, bool udpEncapsulation) { }

        public void Remove(uint inboundSpi, uint outboundSpi) { }

        public ChildSaUsage? GetUsage(uint inboundSpi) => null;
    }
}
