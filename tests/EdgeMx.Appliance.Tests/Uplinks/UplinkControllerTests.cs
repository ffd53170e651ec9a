using System.Net;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Core.Uplinks;
using EdgeMx.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Appliance.Tests.Uplinks;

/// <summary>The controller with a fake router and a manual clock: every step is processed explicitly, nothing sleeps.</summary>
public sealed class UplinkControllerTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeRouter _router = new();
    private readonly EventLog _events;
    private readonly ApplianceStateStore _state;
    private readonly UplinkController _controller;

    public UplinkControllerTests()
    {
        _events = new EventLog(new EventLogOptions(), _time);
        _state = new ApplianceStateStore(new ApplianceState { DeviceId = "test", FirmwareVersion = "0" }, _time);
        _controller = new UplinkController(_router, _events, _state, _time, NullLogger<UplinkController>.Instance);
    }

    public void Dispose()
    {
        _controller.Dispose();
        _events.Dispose();
    }

    private async Task Step() => await _controller.ProcessPendingAsync(CancellationToken.None);

    private async Task StartLab(int holdMs = 15_000)
    {
        _controller.Configure(TestConfig.Lab(holdMs));
        _controller.OnLink(TestConfig.Wan1());
        _controller.OnLink(TestConfig.Wan2());
        _controller.OnLink(LinkObservation.EndOfSnapshot);
        await Step();
    }

    private static ProbeOutcome[] Pass() => [ProbeOutcome.Passed(0, TimeSpan.FromMilliseconds(5)), ProbeOutcome.Passed(1, TimeSpan.FromMilliseconds(7))];
    private static ProbeOutcome[] Fail() => [ProbeOutcome.Failed(0, "timeout"), ProbeOutcome.Failed(1, "timeout")];

    private async Task Round(string uplink, ProbeOutcome[] outcomes, double advanceSeconds = 1)
    {
        _time.Advance(TimeSpan.FromSeconds(advanceSeconds));
        _controller.OnRound(uplink, _controller.Generation, outcomes);
        await Step();
    }

    private async Task BothRounds(ProbeOutcome[] wan1, ProbeOutcome[] wan2)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        _controller.OnRound("wan1", _controller.Generation, wan1);
        _controller.OnRound("wan2", _controller.Generation, wan2);
        await Step();
    }

    private IEnumerable<string> EventTypes() => _events.Read().Select(e => e.Type);

    [Fact]
    public async Task Nothing_is_decided_before_the_link_snapshot_is_complete()
    {
        _controller.Configure(TestConfig.Lab());
        _controller.OnLink(TestConfig.Wan1());
        await Step();
        Assert.Null(_controller.Active);
        Assert.Empty(_router.Applied);

        _controller.OnLink(TestConfig.Wan2());
        _controller.OnLink(LinkObservation.EndOfSnapshot);
        await Step();
        Assert.Equal("wan1", _controller.Active);
    }

    [Fact]
    public async Task At_start_the_primary_carries_the_default_route_and_each_uplink_gets_its_policy_table()
    {
        await StartLab();

        var plan = _router.Current!;
        Assert.Equal("wan1", plan.DefaultVia);
        Assert.Collection(plan.Uplinks,
            u => Assert.Equal(new UplinkRoute("wan1", 2, IPAddress.Parse("198.51.100.2"), 24, IPAddress.Parse("198.51.100.1"), 101, 1101), u),
            u => Assert.Equal(new UplinkRoute("wan2", 3, IPAddress.Parse("10.0.2.2"), 24, IPAddress.Parse("10.0.2.1"), 102, 1102), u));
        var state = _state.Current;
        Assert.Equal("wan1", state.ActiveUplink);
        Assert.Equal([UplinkRole.Active, UplinkRole.Standby], state.Uplinks.Select(u => u.Role));
        Assert.Equal([LinkStatus.Up, LinkStatus.Up], state.Uplinks.Select(u => u.Link));
        Assert.Equal("10.0.2.2/24", state.Uplinks[1].Address);
        Assert.Equal("os", state.Uplinks[1].Addressing);
        Assert.Contains("uplink.selected", EventTypes());
        Assert.Contains("uplink.address.learned", EventTypes());
        Assert.NotNull(_controller.BindingFor("wan1"));
    }

    [Fact]
    public async Task Carrier_loss_moves_the_default_route_to_the_standby_at_once()
    {
        await StartLab();
        await BothRounds(Pass(), Pass());

        _controller.OnLink(TestConfig.Wan1(up: false));
        await Step();

        Assert.Equal("wan2", _router.Current!.DefaultVia);
        Assert.DoesNotContain(_router.Current.Uplinks, u => u.Name == "wan1"); // no policy routes through a dead port
        Assert.Null(_controller.BindingFor("wan1"));
        var types = EventTypes().ToList();
        Assert.True(types.IndexOf("uplink.link.down") < types.IndexOf("uplink.failover"));
        var failover = _events.Read().Single(e => e.Type == "uplink.failover");
        Assert.Equal(EventSeverity.Warning, failover.Severity);
        Assert.Contains("from wan1 to wan2", failover.Message);
        Assert.Contains("carrier lost", failover.Message);
        Assert.NotNull(failover.Check);
        var state = _state.Current;
        Assert.Equal((1L, "wan2"), (state.Failovers, state.ActiveUplink));
        Assert.Equal((LinkStatus.Down, MonitorStatus.Failed, 1L), (state.Uplinks[0].Link, state.Uplinks[0].Monitor, state.Uplinks[0].Counters.LinkDowns));
    }

    [Fact]
    public async Task A_black_holed_primary_fails_over_on_the_failure_thresholds_round()
    {
        await StartLab();
        await BothRounds(Pass(), Pass());
        await BothRounds(Fail(), Pass());
        await BothRounds(Fail(), Pass());
        Assert.Equal("wan1", _router.Current!.DefaultVia);
        await BothRounds(Fail(), Pass());

        Assert.Equal("wan2", _router.Current!.DefaultVia);
        var failed = _events.Read().Single(e => e.Type == "uplink.monitor.failed");
        Assert.Contains("icmp 203.0.113.100 timeout", failed.Message);
        Assert.Contains("ping -I wan1 203.0.113.100", failed.Check);
        // the port is up, so its policy routing stays (probes keep checking it through wan1)
        Assert.Contains(_router.Current.Uplinks, u => u.Name == "wan1");
    }

    [Fact]
    public async Task Failback_happens_when_the_hold_timer_fires_not_before()
    {
        await StartLab();
        await BothRounds(Pass(), Pass());
        _controller.OnLink(TestConfig.Wan1(up: false));
        await Step();
        _time.Advance(TimeSpan.FromSeconds(5));
        _controller.OnLink(TestConfig.Wan1(up: true));
        await Step();
        for (var i = 0; i < 3; i++) await BothRounds(Pass(), Pass()); // recovered after the third
        Assert.Contains("uplink.monitor.recovered", EventTypes());
        Assert.Equal("wan2", _router.Current!.DefaultVia);

        _time.Advance(TimeSpan.FromSeconds(14.9)); // no probe rounds meanwhile: only the timer can bring it back
        await Step();
        Assert.Equal("wan2", _router.Current!.DefaultVia);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await Step();

        Assert.Equal("wan1", _router.Current!.DefaultVia);
        var failback = _events.Read().Single(e => e.Type == "uplink.failback");
        Assert.Contains("healthy for 15.0 s (hold time 15.0 s)", failback.Message);
        Assert.Equal("15.0", failback.Details!["primaryStableSeconds"]);
        Assert.Equal(1, _state.Current.Failbacks);
    }

    [Fact]
    public async Task A_primary_flapping_every_two_seconds_never_gets_traffic_back()
    {
        await StartLab();
        await BothRounds(Pass(), Pass());
        for (var cycle = 0; cycle < 30; cycle++)
        {
            _controller.OnLink(TestConfig.Wan1(up: false));
            await Step();
            await BothRounds([], Pass());
            await BothRounds([], Pass());
            _controller.OnLink(TestConfig.Wan1(up: true));
            await Step();
            await BothRounds(Pass(), Pass());
            await BothRounds(Pass(), Pass());
        }
        Assert.Equal("wan2", _router.Current!.DefaultVia);
        Assert.Equal(1, _state.Current.Failovers);
        Assert.Equal(0, _state.Current.Failbacks);
        Assert.DoesNotContain("uplink.failback", EventTypes());
    }

    [Fact]
    public async Task A_routing_failure_is_reported_once_and_retried_until_it_works()
    {
        _router.FailWith = new InvalidOperationException("RTM_NEWROUTE: Operation not permitted");
        await StartLab();
        _controller.OnLink(TestConfig.Wan2()); // another change while still failing
        await Step();

        var failed = Assert.Single(_events.Read(), e => e.Type == "uplink.route.failed");
        Assert.Contains("Operation not permitted", failed.Message);
        Assert.Contains("proto 77", failed.Check);

        _router.FailWith = null;
        _time.Advance(UplinkController.RoutingRetry);
        await Step();
        Assert.Equal("wan1", _router.Current!.DefaultVia);
        Assert.Contains("uplink.route.restored", EventTypes());
    }

    [Fact]
    public async Task A_missing_static_address_is_configured_and_removed_again_at_shutdown()
    {
        _controller.Configure(TestConfig.Lab());
        _controller.OnLink(TestConfig.Wan1() with { Addresses = [] });
        _controller.OnLink(TestConfig.Wan2());
        _controller.OnLink(LinkObservation.EndOfSnapshot);
        await Step();

        Assert.Equal([(2, IPAddress.Parse("198.51.100.2"), 24)], _router.AddedAddresses);
        Assert.Contains("uplink.address.configured", EventTypes());

        var removed = await _controller.ShutdownAsync(CancellationToken.None);
        Assert.Equal(1, _router.RemoveAllCalls);
        Assert.Equal(_router.AddedAddresses, _router.RemovedAddresses);
        Assert.Equal(6, removed);
    }

    [Fact]
    public async Task An_address_that_was_already_there_is_not_ours_to_remove()
    {
        _router.AddressAlreadyThere = true;
        _controller.Configure(TestConfig.Lab());
        _controller.OnLink(TestConfig.Wan1() with { Addresses = [] });
        _controller.OnLink(LinkObservation.EndOfSnapshot);
        await Step();
        await _controller.ShutdownAsync(CancellationToken.None);
        Assert.Empty(_router.RemovedAddresses);
    }

    [Fact]
    public async Task Os_addressing_without_a_gateway_uses_the_gateway_the_os_installed()
    {
        var config = TestConfig.Lab();
        config.Uplinks[1].Addressing = new() { Mode = "os" };
        _router.OsGateway = IPAddress.Parse("10.0.2.254");
        _controller.Configure(config);
        _controller.OnLink(TestConfig.Wan1());
        _controller.OnLink(TestConfig.Wan2());
        _controller.OnLink(LinkObservation.EndOfSnapshot);
        await Step();

        Assert.Equal(IPAddress.Parse("10.0.2.254"), _router.Current!.Uplinks.Single(u => u.Name == "wan2").Gateway);
    }

    [Fact]
    public async Task A_configured_interface_missing_from_the_system_is_absent_and_traffic_uses_the_other()
    {
        _controller.Configure(TestConfig.Lab());
        _controller.OnLink(TestConfig.Wan2());
        _controller.OnLink(LinkObservation.EndOfSnapshot);
        await Step();

        Assert.Equal(LinkStatus.Absent, _state.Current.Uplinks[0].Link);
        Assert.Equal("wan2", _router.Current!.DefaultVia);
        Assert.Contains("uplink.link.absent", EventTypes());
    }

    [Fact]
    public async Task A_reload_that_leaves_an_uplink_alone_keeps_its_verdict_and_the_active_uplink()
    {
        await StartLab();
        await BothRounds(Pass(), Pass());
        _controller.OnLink(TestConfig.Wan1(up: false));
        await Step();
        Assert.Equal("wan2", _controller.Active);

        var changed = TestConfig.Lab();
        changed.Uplinks[0].RouteTable = 201; // wan1 changes, wan2 does not
        var generation = _controller.Generation;
        _controller.Configure(changed);
        await Step();

        Assert.Equal(generation + 1, _controller.Generation);
        Assert.Equal("wan2", _controller.Active);
        Assert.Equal(MonitorStatus.Up, _state.Current.Uplinks[1].Monitor);
        Assert.Equal(MonitorStatus.Failed, _state.Current.Uplinks[0].Monitor); // re-created, and its link is still down
        _controller.OnLink(TestConfig.Wan1(up: true));
        await Step();
        Assert.Equal(201u, _router.Current!.Uplinks.Single(u => u.Name == "wan1").Table);
    }

    [Fact]
    public async Task Rounds_started_under_an_older_configuration_are_ignored()
    {
        await StartLab();
        var old = _controller.Generation;
        _controller.Configure(TestConfig.Lab(holdMs: 1000));
        await Step();
        for (var i = 0; i < 5; i++)
        {
            _controller.OnRound("wan1", old, Fail());
            await Step();
        }
        Assert.Equal("wan1", _controller.Active);
        Assert.Equal(0, _state.Current.Uplinks[0].Counters.ProbesSent);
    }

    [Fact]
    public async Task The_state_carries_per_probe_results_and_counters()
    {
        await StartLab();
        await Round("wan1", [ProbeOutcome.Passed(0, TimeSpan.FromMilliseconds(4)), ProbeOutcome.Failed(1, "dns NXDOMAIN")]);

        var wan1 = _state.Current.Uplinks[0];
        Assert.Equal(2, wan1.Counters.ProbesSent);
        Assert.Equal(1, wan1.Counters.ProbesFailed);
        Assert.Equal(("icmp", "203.0.113.100", true, 4.0), (wan1.Probes[0].Method, wan1.Probes[0].Target, wan1.Probes[0].LastSuccess!.Value, wan1.Probes[0].LastRttMs!.Value));
        Assert.Equal(("dns", "www.lab@203.0.113.100", "dns NXDOMAIN"), (wan1.Probes[1].Method, wan1.Probes[1].Target, wan1.Probes[1].LastFailure));
        Assert.Equal(1, wan1.Counters.Activations);
        Assert.True(wan1.Primary);
    }

    [Fact]
    public async Task Http_host_names_resolve_with_the_uplinks_dns_servers_else_its_dns_probe_servers()
    {
        var config = TestConfig.Lab();
        config.Uplinks[1].DnsServers = ["10.0.2.1", "203.0.113.53"];
        _controller.Configure(config);
        _controller.OnLink(TestConfig.Wan1());
        _controller.OnLink(TestConfig.Wan2());
        _controller.OnLink(LinkObservation.EndOfSnapshot);
        await Step();

        // wan1 has none configured: the server of its DNS probe; wan2 its own, in order, and nothing else.
        Assert.Equal([IPAddress.Parse("203.0.113.100")], _controller.BindingFor("wan1")!.Resolvers);
        Assert.Equal([IPAddress.Parse("10.0.2.1"), IPAddress.Parse("203.0.113.53")], _controller.BindingFor("wan2")!.Resolvers);
        Assert.Equal((IPAddress.Parse("10.0.2.2"), "wan2"), (_controller.BindingFor("wan2")!.Source, _controller.BindingFor("wan2")!.Interface));

        // A reload that changes only the DNS servers takes effect.
        var changed = TestConfig.Lab();
        changed.Uplinks[1].DnsServers = ["10.0.2.1"];
        _controller.Configure(changed);
        await Step();
        Assert.Equal([IPAddress.Parse("10.0.2.1")], _controller.BindingFor("wan2")!.Resolvers);

        // Without DNS probes and without dnsServers nothing is configured: the probe runner asks the OS's servers.
        var bare = TestConfig.Lab();
        bare.Monitoring.Probes = [new() { Method = "http", Url = "http://www.lab/health" }];
        _controller.Configure(bare);
        await Step();
        Assert.Empty(_controller.BindingFor("wan1")!.Resolvers);
    }
}
