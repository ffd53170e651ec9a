using EdgeMx.Ike.Config;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>
/// Dead peer detection (RFC 7296 §2.4) as seed 002's `dpd 30 5 on-demand`: an empty INFORMATIONAL after 30 s with
/// nothing from the peer, retried every 5 s, the peer dead after the give-up time, then restart or clear.
/// </summary>
public class DpdTests
{
    private static bool IsDpd(Packet p) =>
        p.Data[IkeHeader.ExchangeOffset] == (byte)ExchangeType.Informational && (p.Data[IkeHeader.FlagsOffset] & 0x20) == 0;

    private static SpokeAndHub Lab(DpdSettings dpd) =>
        new(Tunnels.Spoke() with { Dpd = dpd }, Tunnels.Hub() with { Dpd = DpdSettings.Default with { Mode = DpdMode.None } });

    [Fact]
    public void On_demand_checks_only_after_an_idle_interval()
    {
        var lab = Lab(DpdSettings.Default);
        lab.Connect();
        lab.Net.Advance(TimeSpan.FromSeconds(29));
        Assert.DoesNotContain(lab.Net.Log, IsDpd);
        lab.Net.Advance(TimeSpan.FromSeconds(2));
        Assert.Single(lab.Net.Log, IsDpd);
        lab.Net.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(3, lab.Net.Log.Count(IsDpd)); // every 30 s of silence
    }

    [Fact]
    public void On_demand_sends_nothing_while_ESP_from_the_peer_arrives()
    {
        var lab = Lab(DpdSettings.Default);
        lab.Connect();
        var spi = lab.Spoke.Installed.Keys.Single();
        for (var i = 0; i < 12; i++)
        {
            lab.Net.Advance(TimeSpan.FromSeconds(10));
            lab.Spoke.Engine.ReportUsage(spi, new ChildSaUsage(100 * i, i, 0, 0, lab.Net.Time.GetTimestamp()));
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
        lab.Net.Advance(TimeSpan.FromSeconds(30.5));
        Assert.Single(lab.Net.Log, IsDpd);
        var firstDpd = lab.Net.Time.GetTimestamp();

        lab.Net.Advance(TimeSpan.FromSeconds(24));
        Assert.Empty(lab.Spoke.EventsOf("vpn.ike.dead-peer"));
        Assert.Equal(5, lab.Net.Log.Count(IsDpd)); // at 0, 5, 10, 15, 20 s
        lab.Net.Advance(TimeSpan.FromSeconds(1.1));
        var dead = lab.Spoke.EventsOf("vpn.ike.dead-peer").Single();
        Assert.Contains("initiating again", dead.Message);
        Assert.Empty(lab.Spoke.Installed);
        Assert.Contains(lab.Spoke.Events, e => e.Type == "vpn.ike.initiating" && e != lab.Spoke.Events[0]);
        _ = firstDpd;

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
        lab.Net.Advance(TimeSpan.FromSeconds(60));
        Assert.Contains("not restarting", lab.Spoke.EventsOf("vpn.ike.dead-peer").Single().Message);
        lab.Net.Drop = null;
        lab.Net.Advance(TimeSpan.FromSeconds(300));
        Assert.Empty(lab.Spoke.Engine.Sas);
    }

    [Fact]
    public void A_custom_give_up_time_is_honoured()
    {
        var lab = Lab(new DpdSettings(DpdMode.OnDemand, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(7), DeadPeerAction.Restart));
        lab.Connect();
        lab.Net.Drop = p => p.Sender == lab.Hub;
        lab.Net.Advance(TimeSpan.FromSeconds(10 + 6.9));
        Assert.Empty(lab.Spoke.EventsOf("vpn.ike.dead-peer"));
        lab.Net.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Single(lab.Spoke.EventsOf("vpn.ike.dead-peer"));
        Assert.Equal(4, lab.Net.Log.Count(IsDpd)); // at 0, 2, 4, 6 s
    }
}
