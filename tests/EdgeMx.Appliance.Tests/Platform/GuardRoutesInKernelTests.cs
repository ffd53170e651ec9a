using Process = System.Diagnostics.Process;
using ProcessStartInfo = System.Diagnostics.ProcessStartInfo;
using System.Net;
using EdgeMx.Appliance.Platform;
using EdgeMx.Appliance.Tests.Uplinks;
using EdgeMx.Appliance.Tunnels.Guard;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Net;
using EdgeMx.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Appliance.Tests.Platform;

/// <summary>
/// The tunnel guard against a real kernel, in a throwaway network namespace (root), checked with `ip route`: the
/// guard routes go in (IPv4 and IPv6), lose to the data plane's tunnel route while it exists and refuse the traffic
/// once it is gone, are reconciled to one copy, survive the uplink router's plans and clean stop, and go at the
/// guard's own clean stop.
/// </summary>
public sealed class GuardRoutesInKernelTests : IDisposable
{
    private readonly string _ns = "grd" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
    private readonly NetworkNamespace _namespace;
    private readonly ManualTimeProvider _time = new();
    private readonly EventLog _events;
    private readonly ApplianceStateStore _state;
    private readonly UplinkController _controller;

    public GuardRoutesInKernelTests()
    {
        Root.Require();
        Run($"ip netns add {_ns}");
        Run($"ip -n {_ns} link set lo up");
        Run($"ip -n {_ns} link add wan1 type veth peer name wan1p");
        Run($"ip -n {_ns} link set wan1p up");
        Run($"ip -n {_ns} addr add 198.51.100.2/24 dev wan1");
        Run($"ip -n {_ns} link set wan1 up");
        // Stands in for the data plane's TUN device.
        Run($"ip -n {_ns} link add esp-t0 type veth peer name esp-t0p");
        Run($"ip -n {_ns} link set esp-t0p up");
        Run($"ip -n {_ns} link set esp-t0 up");
        _namespace = NetworkNamespace.Open(_ns);
        _events = new EventLog(new EventLogOptions(), _time);
        _state = new ApplianceStateStore(new ApplianceState { DeviceId = "test", FirmwareVersion = "0", Tunnels = [new TunnelState { Name = "hub1" }] }, _time);
        _controller = new UplinkController(new FakeRouter(), _events, _state, _time, NullLogger<UplinkController>.Instance);
    }

    private static ApplianceConfig Config(params TunnelConfig[] tunnels) => new() { Tunnels = [.. tunnels] };

    private static TunnelConfig Hub1 => new() { Name = "hub1", RemoteSubnets = ["10.1.0.0/24", "2001:db8:1::/48"] };

    private string Guards() => Run($"ip -n {_ns} route show table main type unreachable") + Run($"ip -n {_ns} -6 route show table main type unreachable");

    [Fact]
    public async Task Guards_go_in_lose_to_the_tunnel_route_refuse_traffic_without_it_and_go_at_a_clean_stop()
    {
        // The data plane's route for the hub (TunnelRoutes: metric 50), and the uplink router's default route.
        Run($"ip -n {_ns} route add 10.1.0.0/24 dev esp-t0 proto 77 metric 50");
        Run($"ip -n {_ns} route add default via 198.51.100.1 dev wan1 proto 77 metric 0");
        // Left by an earlier run: a guard for a subnet no tunnel has any more, and one of hub1's twice... (append
        // refuses a perfect duplicate, so the second copy is another build's metric).
        Run($"ip -n {_ns} route add unreachable 10.7.0.0/24 proto 77 metric 1000000");
        Run($"ip -n {_ns} route add unreachable 10.1.0.0/24 proto 77 metric 777");
        // Someone else's unreachable route: never ours to touch.
        Run($"ip -n {_ns} route add unreachable 192.0.2.0/24 proto static");

        using var table = new NetlinkGuardRouteTable(_namespace);
        var guards = new TunnelGuards();
        var service = new TunnelGuardService(Config(Hub1), _controller, table, guards, _state, _events, _time, NullLogger<TunnelGuardService>.Instance);
        await service.StartAsync(CancellationToken.None);
        await service.ReconcileAsync(Config(Hub1), CancellationToken.None); // again, as every check does

        var shown = Guards();
        Assert.Single(Lines(shown, "unreachable 10.1.0.0/24 proto 77 metric 1000000"));
        Assert.Single(Lines(shown, "unreachable 2001:db8:1::/48 dev lo proto 77 metric 1000000"));
        Assert.DoesNotContain("10.7.0.0/24", shown);
        Assert.DoesNotContain("metric 777", shown);
        Assert.Contains("unreachable 192.0.2.0/24 proto static", shown);
        Assert.True(_state.Current.Tunnels.Single().Guarded);
        Assert.Equal(["10.1.0.0/24", "2001:db8:1::/48"], _state.Current.Tunnels.Single().Guard!.Prefixes.ToArray());

        // While the tunnel route exists it wins; when it goes, the guard answers (EHOSTUNREACH), not the default route.
        Assert.Contains("dev esp-t0", Run($"ip -n {_ns} route get 10.1.0.10"));
        Run($"ip -n {_ns} route del 10.1.0.0/24 dev esp-t0 proto 77 metric 50");
        var refused = Try($"ip -n {_ns} route get 10.1.0.10");
        Assert.False(refused.Ok);
        Assert.Contains("No route to host", refused.Errors);
        Assert.Contains("via 198.51.100.1 dev wan1", Run($"ip -n {_ns} route get 203.0.113.11"));

        // The uplink router applies its plans and cleans up at its stop without touching the guards.
        using (var router = _namespace.Run(() => new NetlinkUplinkRouter()))
        {
            var wan1 = int.Parse(Run($"ip netns exec {_ns} cat /sys/class/net/wan1/ifindex").Trim());
            var plan = new RoutingPlan([new UplinkRoute("wan1", wan1, IPAddress.Parse("198.51.100.2"), 24, IPAddress.Parse("198.51.100.1"), 101, 1001)], "wan1");
            await router.ApplyAsync(plan, CancellationToken.None);
            Assert.Equal(shown, Guards());
            await router.RemoveAllAsync(CancellationToken.None);
            Assert.Equal(shown, Guards());
            Assert.DoesNotContain("default", Run($"ip -n {_ns} route show table main proto 77"));
        }

        // hub1 removed from the config on reload: its guards go.
        await service.ReconcileAsync(Config(), CancellationToken.None);
        Assert.DoesNotContain("proto 77", Guards());
        await service.ReconcileAsync(Config(Hub1), CancellationToken.None);
        Assert.Contains("unreachable 10.1.0.0/24 proto 77", Guards());

        // A clean stop removes every guard, and nothing else.
        await service.StopAsync(CancellationToken.None);
        Assert.DoesNotContain("proto 77", Guards());
        Assert.Contains("unreachable 192.0.2.0/24 proto static", Guards());
        Assert.DoesNotContain(_events.Read(), e => e.Type == "vpn.guard.failed");
    }

    private static IEnumerable<string> Lines(string text, string what) =>
        text.Split('\n').Where(l => l.Trim().StartsWith(what, StringComparison.Ordinal));

    private string Run(string command)
    {
        var (ok, output, errors) = Try(command);
        if (!ok) throw new InvalidOperationException($"{command}: {errors}");
        return output;
    }

    private static (bool Ok, string Output, string Errors) Try(string command)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode == 0, output, errors);
    }

    public void Dispose()
    {
        _controller.Dispose();
        _events.Dispose();
        _namespace.Dispose();
        Try($"ip netns del {_ns}");
    }
}
