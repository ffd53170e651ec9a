using EdgeMx.Appliance.Tests.Uplinks;
using EdgeMx.Appliance.Tunnels.Guard;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Net.Routing;
using EdgeMx.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Appliance.Tests.Tunnels.Guard;

/// <summary>
/// The guard service against an in-memory route table: what it installs, what status and events say, and that a
/// netlink failure is reported once and retried, never thrown.
/// </summary>
public sealed class TunnelGuardServiceTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly EventLog _events;
    private readonly ApplianceStateStore _state;
    private readonly UplinkController _controller;
    private readonly FakeGuardRoutes _routes = new();
    private readonly TunnelGuards _guards = new();

    public TunnelGuardServiceTests()
    {
        _events = new EventLog(new EventLogOptions(), _time);
        // The tunnel service has published hub1 (down).
        _state = new ApplianceStateStore(new ApplianceState { DeviceId = "test", FirmwareVersion = "0", Tunnels = [new TunnelState { Name = "hub1" }] }, _time);
        _controller = new UplinkController(new FakeRouter(), _events, _state, _time, NullLogger<UplinkController>.Instance);
    }

    private static ApplianceConfig Config(bool failClosed = true) => new()
    {
        Tunnels = [new TunnelConfig { Name = "hub1", RemoteSubnets = ["10.1.0.0/24"], FailClosed = failClosed }],
    };

    private TunnelGuardService Service(ApplianceConfig config) =>
        new(config, _controller, _routes, _guards, _state, _events, _time, NullLogger<TunnelGuardService>.Instance);

    private IEnumerable<string> EventTypes() => _events.Read().Select(e => e.Type);

    [Fact]
    public async Task Installs_the_guard_and_status_shows_it_read_back()
    {
        await Service(Config()).ReconcileAsync(Config(), CancellationToken.None);
        var route = Assert.Single(_routes.Routes);
        Assert.Equal(GuardRoute.For(System.Net.IPNetwork.Parse("10.1.0.0/24")), route);
        var hub1 = _state.Current.Tunnels.Single();
        Assert.True(hub1.Guarded);
        Assert.Equal(["10.1.0.0/24"], hub1.Guard!.Prefixes.ToArray());
        // A tunnel published later by the tunnel service gets it too.
        Assert.True(_guards.Apply(new TunnelState { Name = "hub1" }).Guarded);
    }

    [Fact]
    public async Task A_netlink_failure_is_reported_once_with_what_to_check_and_retried_until_it_works()
    {
        var service = Service(Config());
        _routes.Failure = new EdgeMx.Net.Netlink.NetlinkException("RTM_NEWROUTE (replace unreachable 10.1.0.0/24)", EdgeMx.Net.Netlink.NetlinkException.EPERM);
        await service.ReconcileAsync(Config(), CancellationToken.None);
        await service.ReconcileAsync(Config(), CancellationToken.None);

        var failed = Assert.Single(_events.Read(), e => e.Type == "vpn.guard.failed");
        Assert.Equal("hub1", failed.Subject);
        Assert.Contains("10.1.0.0/24", failed.Message);
        Assert.Contains("CAP_NET_ADMIN", failed.Check);
        var hub1 = _state.Current.Tunnels.Single();
        Assert.False(hub1.Guarded);
        Assert.Equal(["10.1.0.0/24"], hub1.Guard!.Unguarded.ToArray());
        Assert.NotNull(hub1.Guard.Error);

        _routes.Failure = null;
        await service.ReconcileAsync(Config(), CancellationToken.None);
        Assert.Contains("vpn.guard.restored", EventTypes());
        Assert.True(_state.Current.Tunnels.Single().Guarded);
    }

    [Fact]
    public async Task Fail_closed_off_installs_nothing_removes_an_old_guard_and_says_so()
    {
        _routes.Routes.Add(GuardRoute.For(System.Net.IPNetwork.Parse("10.1.0.0/24")));
        await Service(Config(failClosed: false)).ReconcileAsync(Config(failClosed: false), CancellationToken.None);
        Assert.Empty(_routes.Routes);
        var off = Assert.Single(_events.Read(), e => e.Type == "vpn.guard.off");
        Assert.Contains("unencrypted", off.Message);
        Assert.False(_state.Current.Tunnels.Single().Guarded);
        Assert.False(_state.Current.Tunnels.Single().Guard!.FailClosed);
    }

    [Fact]
    public async Task With_the_xfrm_backend_no_guard_is_installed_a_left_one_goes_and_status_says_why()
    {
        // XFRM has no routes of its own: a guard would refuse the tunnel's traffic while it is up.
        Assert.NotNull(GuardBackend.Unavailable("xfrm"));
        Assert.Null(GuardBackend.Unavailable("userspace"));
        _routes.Routes.Add(GuardRoute.For(System.Net.IPNetwork.Parse("10.1.0.0/24")));
        var service = new TunnelGuardService(Config(), _controller, _routes, _guards, _state, _events, _time,
            NullLogger<TunnelGuardService>.Instance, () => GuardBackend.Unavailable("xfrm"));
        await service.ReconcileAsync(Config(), CancellationToken.None);
        Assert.Empty(_routes.Routes);
        var hub1 = _state.Current.Tunnels.Single();
        Assert.False(hub1.Guarded);
        Assert.Equal(["10.1.0.0/24"], hub1.Guard!.Unguarded.ToArray());
        Assert.Contains("xfrm", hub1.Guard.Error);
        Assert.DoesNotContain("vpn.guard.failed", EventTypes());
        Assert.Contains("xfrm", Assert.Single(_events.Read(), e => e.Type == "vpn.guard.off").Message);
    }

    [Fact]
    public async Task A_clean_stop_removes_the_guards_and_only_them()
    {
        var tunnelRoute = new Route { Destination = System.Net.IPNetwork.Parse("10.1.0.0/24"), OutputInterface = 9, Metric = 50 };
        _routes.Routes.Add(tunnelRoute);
        var service = Service(Config());
        await service.StartAsync(CancellationToken.None);
        Assert.Equal(2, _routes.Routes.Count);
        await service.StopAsync(CancellationToken.None);
        Assert.Equal([tunnelRoute], _routes.Routes);
        Assert.Contains("vpn.guard.removed", EventTypes());
    }

    public void Dispose()
    {
        _controller.Dispose();
        _events.Dispose();
    }

    private sealed class FakeGuardRoutes : IGuardRouteTable
    {
        public List<Route> Routes { get; } = [];
        public Exception? Failure { get; set; }

        public Task<IReadOnlyList<Route>> ListOursAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Route>>([.. Routes.Where(r => r.IsOurs && r.Table == RouteTables.Main)]);

        public Task ReplaceAsync(Route route, CancellationToken cancellationToken)
        {
            if (Failure is { } e) throw e;
            Routes.RemoveAll(r => r.SameKey(route));
            Routes.Add(route);
            return Task.CompletedTask;
        }

        public Task<bool> DeleteAsync(Route route, CancellationToken cancellationToken) => Task.FromResult(Routes.Remove(route));
    }
}
