using System.Net;
using EdgeMx.Net.Probes;
using EdgeMx.Net.Sockets;
using EdgeMx.Net.Tests.Lab;
using EdgeMx.Testing;

namespace EdgeMx.Net.Tests.Probes;

/// <summary>Host names resolved through one uplink with a real dnsmasq on the far side of a veth.</summary>
public sealed class UplinkResolverTests : IDisposable
{
    private readonly NamespacePair _pair;

    public UplinkResolverTests()
    {
        Root.Require();
        _pair = new NamespacePair();
    }

    private UplinkBinding Binding => new(NamespacePair.ClientDevice, IPAddress.Parse(NamespacePair.ClientAddress)) { Namespace = _pair.Client.Namespace };

    private static IPEndPoint At(int port) => new(IPAddress.Parse(NamespacePair.ServerAddress), port);

    [Fact]
    public async Task The_first_server_that_answers_gives_the_addresses()
    {
        using var dnsmasq = ServerProcess.Dnsmasq(_pair.Server, NamespacePair.ServerAddress, 5460, "--address=/health.test/10.77.0.2 --local=/nx.test/");
        // Nothing listens on 5461 (ICMP port unreachable), then a server that does not know the name, then the right one.
        var resolver = new UplinkResolver(Binding, [At(5461), At(5460)], TimeSpan.FromSeconds(4));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal([IPAddress.Parse("10.77.0.2")], await resolver.ResolveAsync("health.test", cts.Token));
    }

    [Fact]
    public async Task When_no_server_has_the_name_every_failure_is_reported()
    {
        using var dnsmasq = ServerProcess.Dnsmasq(_pair.Server, NamespacePair.ServerAddress, 5462, "--local=/nx.test/");
        var resolver = new UplinkResolver(Binding, [At(5462), At(5463)], TimeSpan.FromSeconds(2));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => resolver.ResolveAsync("www.nx.test", cts.Token));
        Assert.Contains("www.nx.test did not resolve through dev up0 src 10.77.0.1", e.Message);
        Assert.Contains("NameError", e.Message);
        Assert.Contains("refused", e.Message);
    }

    [Fact]
    public async Task The_query_leaves_through_the_bound_device_only()
    {
        using var dnsmasq = ServerProcess.Dnsmasq(_pair.Server, NamespacePair.ServerAddress, 5464, "--address=/health.test/10.77.0.2");
        // Bound to loopback (a device with no route to the server), the same server cannot be reached.
        var elsewhere = new UplinkBinding("lo", IPAddress.Loopback) { Namespace = _pair.Client.Namespace };
        var resolver = new UplinkResolver(elsewhere, [At(5464)], TimeSpan.FromMilliseconds(600));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<InvalidOperationException>(() => resolver.ResolveAsync("health.test", cts.Token));

        var through = new UplinkResolver(Binding, [At(5464)], TimeSpan.FromSeconds(2));
        Assert.NotEmpty(await through.ResolveAsync("health.test", cts.Token));
    }

    [Fact]
    public async Task No_servers_or_a_bad_name_fail_clearly_and_the_caller_deadline_wins()
    {
        var none = new UplinkResolver(Binding, [new IPEndPoint(IPAddress.Parse("fd77::2"), 53)], TimeSpan.FromSeconds(1));
        Assert.Empty(none.Servers); // an IPv6 server cannot be asked from an IPv4 source
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => none.ResolveAsync("health.test", CancellationToken.None));
        Assert.Contains("no DNS server", e.Message);

        var resolver = new UplinkResolver(Binding, [At(5465)], TimeSpan.FromSeconds(1));
        var bad = await Assert.ThrowsAsync<InvalidOperationException>(() => resolver.ResolveAsync(new string('a', 64) + ".test", CancellationToken.None));
        Assert.Contains("cannot ask DNS", bad.Message);

        // A silent server and a caller whose deadline ends first: cancellation, not a "did not resolve".
        using var silent = _pair.Server.Namespace.Run(() => new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork,
            System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp));
        silent.Bind(At(5466));
        var slow = new UplinkResolver(Binding, [At(5466)], TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow.ResolveAsync("health.test", cts.Token));
    }

    [Fact]
    public async Task An_http_probe_of_a_host_name_resolves_through_the_uplink()
    {
        using var dnsmasq = ServerProcess.Dnsmasq(_pair.Server, NamespacePair.ServerAddress, 5467, "--address=/health.test/10.77.0.2");
        using var nginx = ServerProcess.Nginx(_pair.Server, """
            server { listen 10.77.0.2:8091; location / { return 204; } }
            """, At(8091));
        var resolver = new UplinkResolver(Binding, [At(5467)], TimeSpan.FromSeconds(1));
        var probe = new HttpGetProbe(Binding, new Uri("http://health.test:8091/"), resolver.ResolveAsync);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var result = await probe.ProbeAsync(cts.Token);
        Assert.True(result.Success, result.ToString());

        var unknown = new HttpGetProbe(Binding, new Uri("http://other.test:8091/"), resolver.ResolveAsync);
        var failed = await unknown.ProbeAsync(cts.Token);
        Assert.False(failed.Success);
        Assert.Contains("cannot resolve other.test", failed.Detail);
    }

    public void Dispose() => _pair?.Dispose();
}
