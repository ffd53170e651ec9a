using System.Diagnostics;
using System.Net;
using EdgeMx.Appliance.Platform;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Net;

namespace EdgeMx.Appliance.Tests.Platform;

/// <summary>
/// The uplink router against a real kernel, in a throwaway network namespace (root): applying a plan reconciles
/// EdgeMx's uplink routes (stale ones go) and leaves alone the other protocol-77 routes of the main table, which
/// are the ESP data plane's routes into its tunnel device.
/// </summary>
public sealed class NetlinkUplinkRouterTests : IDisposable
{
    private readonly string _ns = "upr" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
    private readonly NetworkNamespace _namespace;

    public NetlinkUplinkRouterTests()
    {
        EdgeMx.Testing.Root.Require();
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
    }

    [Fact]
    public async Task Applying_a_plan_keeps_the_data_planes_tunnel_routes_and_removes_stale_uplink_routes()
    {
        // What the ESP data plane installs for a CHILD_SA (TunnelRoutes): the hub's subnet, and a full tunnel's
        // default route, into its device with metric 50 and protocol 77.
        Run($"ip -n {_ns} route add 10.1.0.0/24 dev esp-t0 proto 77 metric 50");
        Run($"ip -n {_ns} route add default dev esp-t0 proto 77 metric 50");
        // Left behind by an earlier run: an uplink table no uplink uses any more.
        Run($"ip -n {_ns} route add default via 198.51.100.1 dev wan1 proto 77 table 150");

        using var router = _namespace.Run(() => new NetlinkUplinkRouter());
        var wan1 = int.Parse(Run($"cat /sys/class/net/wan1/ifindex", inNamespace: true).Trim());
        var plan = new RoutingPlan([new UplinkRoute("wan1", wan1, IPAddress.Parse("198.51.100.2"), 24, IPAddress.Parse("198.51.100.1"), 101, 1001)], "wan1");
        await router.ApplyAsync(plan, CancellationToken.None);
        await router.ApplyAsync(plan, CancellationToken.None); // again, as every monitor verdict does

        var main = Run($"ip -n {_ns} route show table main proto 77");
        Assert.Contains("10.1.0.0/24 dev esp-t0", main);
        Assert.Contains("default dev esp-t0", main);
        Assert.Contains("default via 198.51.100.1 dev wan1", main);
        Assert.Contains("default via 198.51.100.1 dev wan1", Run($"ip -n {_ns} route show table 101"));
        Assert.Equal("", Run($"ip -n {_ns} route show table 150").Trim());

        // Nothing usable: the default route via wan1 goes, the tunnel routes stay.
        await router.ApplyAsync(new RoutingPlan(plan.Uplinks, null), CancellationToken.None);
        main = Run($"ip -n {_ns} route show table main proto 77");
        Assert.DoesNotContain("dev wan1", main);
        Assert.Contains("10.1.0.0/24 dev esp-t0", main);
    }

    private string Run(string command, bool inNamespace = false)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", inNamespace ? $"ip netns exec {_ns} {command}" : command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
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
