using EdgeMx.Ike.Config;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>
/// Dead peer detection (RFC 7296 §2.4) as seed 002's `dpd 30 5 on-demand`: an empty INFORMATIONAL once traffic went
/// to the peer and nothing came back for 30 s, retried every 5 s, the peer dead after the give-up time, then restart
/// or clear. On demand means an idle tunnel is never checked (RFC 3706 §5.3, Cisco's on-demand); periodic checks
/// every interval.
/// </summary>
public class DpdTests
{
    private static bool IsDpd(Packet p) =>
        p.Data[IkeHeader.ExchangeOffset] == (byte)ExchangeType.Informational && (p.Data[IkeHeader.FlagsOffset] & 0x20) == 0;

    private static SpokeAndHub Lab(DpdSettings dpd) =>
        new(Tunnels.Spoke() with { Dpd = dpd }, Tunnels.Hub() with { Dpd = DpdSettings.Default with { Mode = DpdMode.None } });

    /// <summary>What the data plane reports after the LAN sent <paramref name="packets"/> more into the tunnel (and, with
    /// <paramref name="answered"/>, as many came back), with per-packet times like the user-space data plane.</summary>
    private static void Traffic(SpokeAndHub lab, ref ChildSaUsage usage, int packets = 1, bool answered = false)
    {
        var now = lab.Net.Time.GetTimestamp();
        usage = usage with
        {
            PacketsOut = usage.PacketsOut + packets, BytesOut = usage.BytesOut + 100 * packets, LastOutboundTimestamp = now,
        };
        if (answered)
            usage = usage with { PacketsIn = usage.PacketsIn + packets, BytesIn = usage.BytesIn + 100 * packets, LastInboundTimestamp = now };
        lab.Spoke.Engine.ReportUsage(lab.Spoke.Installed.Keys.Single(), usage);
    }

    [Fact]
    public void On_demand_sends_no_check_on_an_idle_tunnel_and_does_not_declare_a_silent_peer_dead()
    {
        // The bug this catches: on demand used to check after every interval of silence, traffic or not, so an idle
        // tunnel to a hub that was merely quiet (or briefly unreachable) was torn down for nothing.
        var lab = Lab(DpdSettings.Default);
        lab.Connect();
        lab.Net.Drop = p => p.Sender == lab.Hub; // the hub goes silent; nothing is sent to it either
        var usage = new ChildSaUsage();
        for (var i = 0; i < 30; i++)
        {
            lab.Net.Advance(TimeSpan.FromSeconds(10));
            lab.Spoke.Engine.ReportUsage(lab.Spoke.Installed.Keys.Single(), usage); // the data plane's poll: no change
        }
        Assert.DoesNotContain(lab.Net.Log, IsDpd);
        Assert.Empty(lab.Spoke.EventsOf("vpn.ike.dead-peer"));
        Assert.Single(lab.Spoke.Engine.Sas, s => s.State == IkeSaState.Established);
    }

    [Fact]
    public void On_demand_checks_at_once_when_traffic_goes_out_after_an_interval_of_silence()
    {
        var lab = Lab(DpdSettings.Default);
        lab.Connect();
        lab.Net.Advance(TimeSpan.FromSeconds(100));
        Assert.DoesNotContain(lab.Net.Log, IsDpd);

        var usage = new ChildSaUsage();
        Traffic(lab, ref usage); // nothing heard for 100 s, and now the LAN sends: is the peer still there?
        lab.Net.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Single(lab.Net.Log, IsDpd);

        // It answered: heard just now, so the traffic that follows is not checked again for an interval ...
        Traffic(lab, ref usage);
        lab.Net.Advance(TimeSpan.FromSeconds(29));
        Assert.Single(lab.Net.Log, IsDpd);
        // ... after which one-way traffic with nothing back is (§2.4: "only outgoing traffic").
        Traffic(lab, ref usage);
        lab.Net.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, lab.Net.Log.Count(IsDpd));
        // Idle again: no more checks.
        lab.Net.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal(2, lab.Net.Log.Count(IsDpd));
    }

    [Fact]
    public void On_demand_waits_an_interval_after_the_peer_was_last_heard()
    {
        var lab = Lab(DpdSettings.Default);
        lab.Connect();
        var usage = new ChildSaUsage();
        lab.Net.Advance(TimeSpan.FromSeconds(5));
        Traffic(lab, ref usage);
        lab.Net.Advance(TimeSpan.FromSeconds(24));
        Assert.DoesNotContain(lab.Net.Log, IsDpd); // heard 29 s ago: not yet
        lab.Net.Advance(TimeSpan.FromSeconds(2));
        Assert.Single(lab.Net.Log, IsDpd);
    }

    [Fact]
    public void On_demand_goes_by_the_counters_when_the_data_plane_keeps_no_packet_times()
    {
        // XFRM's counters have no per-packet times: packets out that were not there at the previous poll went out by now.
        var lab = Lab(DpdSettings.Default);
        lab.Connect();
        var spi = lab.Spoke.Installed.Keys.Single();
        lab.Net.Advance(TimeSpan.FromSeconds(40));
        lab.Spoke.Engine.ReportUsage(spi, new ChildSaUsage(0, 0, 0, 0, null, null));
        lab.Net.Advance(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(lab.Net.Log, IsDpd);
        lab.Spoke.Engine.ReportUsage(spi, new ChildSaUsage(0, 0, 300, 3, null, null));
        lab.Net.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Single(lab.Net.Log, IsDpd);
        // traffic both ways (counters growing in and out) keeps the peer alive without checks
        for (var i = 1; i <= 20; i++)
        {
            lab.Net.Advance(TimeSpan.FromSeconds(2));
            lab.Spoke.Engine.ReportUsage(spi, new ChildSaUsage(100 * i, i, 300 + 100 * i, 3 + i, null, null));
        }
        Assert.Single(lab.Net.Log, IsDpd);
    }

    [Fact]
    public void On_demand_sends_nothing_while_ESP_from_the_peer_arrives()
    {
        var lab = Lab(DpdSettings.Default);
        lab.Connect();
        var usage = new ChildSaUsage();
        for (var i = 0; i < 12; i++)
        {
            lab.Net.Advance(TimeSpan.FromSeconds(10));
            Traffic(lab, ref usage, packets: 10, answered: true);
        }
        Assert.DoesNotContain(lab.Net.Log, IsDpd);
    }

    [Fact]
    public void Periodic_checks_regardless_of_traffic()
    {
        var lab = Lab(DpdSettings.Default with { Mode = DpdMode.Periodic });
        lab.Connect();
        var spi = lab.Spoke.Installed.Keys.Single();
        for (var i = 0; i < 10; i++)
        {
            lab.Net.Advance(TimeSpan.FromSeconds(10));
            lab.Spoke.Engine.ReportUsage(spi, new ChildSaUsage(100 * i, i, 0, 0, lab.Net.Time.GetTimestamp()));
        }
        Assert.Equal(3, lab.Net.Log.Count(IsDpd));
    }

    [Fact]
    public void A_dead_peer_is_declared_after_the_retries_and_the_tunnel_restarts()
    {
        var lab = Lab(DpdSettings.Default);
        lab.Connect();
        lab.Net.Drop = p => p.Sender == lab.Hub; // the hub goes silent
        var usage = new ChildSaUsage();
        lab.Net.Advance(TimeSpan.FromSeconds(1));
        Traffic(lab, ref usage); // the LAN sends; nothing comes back
        lab.Net.Advance(TimeSpan.FromSeconds(29.5));
        Assert.Single(lab.Net.Log, IsDpd);

        lab.Net.Advance(TimeSpan.FromSeconds(24));
        Assert.Empty(lab.Spoke.EventsOf("vpn.ike.dead-peer"));
        Assert.Equal(5, lab.Net.Log.Count(IsDpd)); // at 0, 5, 10, 15, 20 s
        lab.Net.Advance(TimeSpan.FromSeconds(1.1));
        var dead = lab.Spoke.EventsOf("vpn.ike.dead-peer").Single();
        Assert.Contains("initiating again", dead.Message);
        Assert.Contains("did not answer 5 liveness check(s) over 25 s (nothing heard from it for 55 s)", dead.Message);
        Assert.Equal("5", dead.Details!["checks"]);
        Assert.Contains(Tunnels.HubAddress, dead.Check);
        Assert.Empty(lab.Spoke.Installed);
        Assert.Contains(lab.Spoke.Events, e => e.Type == "vpn.ike.initiating" && e != lab.Spoke.Events[0]);

        // the hub comes back: the spoke reconnects (the hub's stale SA is replaced through INITIAL_CONTACT)
        lab.Net.Drop = null;
        lab.Net.Advance(TimeSpan.FromSeconds(200));
        Assert.Single(lab.Spoke.Engine.Sas, s => s.State == IkeSaState.Established);
        Assert.Single(lab.Hub.Engine.Sas);
        Assert.Single(lab.Spoke.Installed);
        Assert.Single(lab.Hub.Installed);
    }

    [Fact]
    public void Action_clear_keeps_the_tunnel_down()
    {
        var lab = Lab(DpdSettings.Default with { Action = DeadPeerAction.Clear });
        lab.Connect();
        lab.Net.Drop = p => p.Sender == lab.Hub;
        var usage = new ChildSaUsage();
        lab.Net.Advance(TimeSpan.FromSeconds(1));
        Traffic(lab, ref usage);
        lab.Net.Advance(TimeSpan.FromSeconds(60));
        Assert.Contains("not restarting", lab.Spoke.EventsOf("vpn.ike.dead-peer").Single().Message);
        lab.Net.Drop = null;
        lab.Net.Advance(TimeSpan.FromSeconds(300));
        Assert.Empty(lab.Spoke.Engine.Sas);
    }

    [Fact]
    public void A_custom_give_up_time_is_honoured()
    {
        var lab = Lab(new DpdSettings(DpdMode.Periodic, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(7), DeadPeerAction.Restart));
        lab.Connect();
        lab.Net.Drop = p => p.Sender == lab.Hub;
        lab.Net.Advance(TimeSpan.FromSeconds(10 + 6.9));
        Assert.Empty(lab.Spoke.EventsOf("vpn.ike.dead-peer"));
        lab.Net.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Single(lab.Spoke.EventsOf("vpn.ike.dead-peer"));
        Assert.Equal(4, lab.Net.Log.Count(IsDpd)); // at 0, 2, 4, 6 s
    }
}
