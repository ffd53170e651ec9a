using EdgeMx.Ike.Config;
using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>
/// Rekeying both SA kinds, from either end, on time and on command, with and without PFS, and the simultaneous
/// rekeys of RFC 7296 §2.8.1/§2.8.2:
/// <code>
/// CREATE_CHILD_SA SK { N(REKEY_SA) SA Ni [KEi] TSi TSr }  -->          (CHILD_SA rekey)
///                      &lt;--  SK { SA Nr [KEr] TSi TSr }
/// INFORMATIONAL SK { D(ESP old) }  -->   &lt;--  SK { D(ESP old) }
/// CREATE_CHILD_SA SK { SA(IKE, new SPI) Ni KEi }  -->                  (IKE SA rekey)
///                      &lt;--  SK { SA(IKE, new SPI) Nr KEr }
/// INFORMATIONAL SK { D(IKE) } (on the old SA)  -->   &lt;--  SK { }
/// </code>
/// </summary>
public class RekeyTests
{
    /// <summary>Delivers two held requests to their receivers, holding both responses until both requests were
    /// processed, so each end sees the other's request while its own is outstanding.</summary>
    private static void Cross(SpokeAndHub lab, List<Packet> requests)
    {
        var responses = new List<Packet>();
        lab.Net.Drop = p =>
        {
            if ((p.Data[IkeHeader.FlagsOffset] & 0x20) == 0) return false;
            responses.Add(p);
            return true;
        };
        foreach (var p in requests)
        {
            var receiver = p.Sender == lab.Spoke ? lab.Hub : lab.Spoke;
            lab.Net.Apply(receiver, receiver.Engine.Receive(p.Data, p.From, p.To));
        }
        lab.Net.Drop = null;
        Assert.Equal(2, responses.Count);
        foreach (var p in responses)
        {
            var receiver = p.Sender == lab.Spoke ? lab.Hub : lab.Spoke;
            lab.Net.Apply(receiver, receiver.Engine.Receive(p.Data, p.From, p.To));
        }
    }

    private static void AssertSingleNewChild(SpokeAndHub lab, uint oldSpokeSpi)
    {
        lab.AssertUp();
        Assert.DoesNotContain(oldSpokeSpi, lab.Spoke.Installed.Keys);
        Assert.Single(lab.SpokeSa.Children);
        Assert.Single(lab.HubSa.Children);
    }

    [Theory]
    [InlineData("aes128gcm16")]
    [InlineData("aes256-sha256-modp2048")] // PFS
    [InlineData("aes128gcm16-x25519-esn")] // PFS + ESN
    public void Spoke_rekeys_the_child_make_before_break(string esp)
    {
        var lab = new SpokeAndHub(Tunnels.Spoke(esp: esp), Tunnels.Hub(esp: esp));
        lab.Connect();
        var old = lab.Spoke.Installed.Values.Single();

        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.RekeyChildSa("hub1", "net"));

        AssertSingleNewChild(lab, old.InboundSpi);
        var replacement = lab.Spoke.InstallLog[^1];
        Assert.Equal(old.InboundSpi, replacement.ReplacesInboundSpi);
        Assert.False(replacement.DeferOutboundSwitch); // the initiator moves to the new SA at once
        Assert.True(lab.Hub.InstallLog[^1].DeferOutboundSwitch); // the responder follows once the spoke uses it
        Assert.NotEqual(old.OutboundEncryptionKey, replacement.OutboundEncryptionKey);
        Assert.Single(lab.Spoke.EventsOf("vpn.child.rekeyed"));
        // new SA installed before the old one was removed
        Assert.Contains(lab.Spoke.Removed, r => r.InboundSpi == old.InboundSpi);
        Assert.Equal(1, lab.SpokeSa.Children[0].RekeyCount);
    }

    [Fact]
    public void Hub_rekeys_the_child()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        var old = lab.Spoke.Installed.Values.Single();
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.RekeyChildSa("spokes", "net"));
        AssertSingleNewChild(lab, old.InboundSpi);
        Assert.Single(lab.Spoke.EventsOf("vpn.child.rekeyed"));
        // We answered: the hub gets the new SA only with our response, so our outbound waits for it (RFC 7296 §2.8).
        var replacement = lab.Spoke.InstallLog[^1];
        Assert.Equal(old.InboundSpi, replacement.ReplacesInboundSpi);
        Assert.True(replacement.DeferOutboundSwitch);
        Assert.False(lab.Hub.InstallLog[^1].DeferOutboundSwitch);
    }

    [Fact]
    public void Children_rekey_before_their_lifetime_with_jitter_and_keep_going()
    {
        var lifetime = new LifetimeSettings(TimeSpan.FromSeconds(3600), TimeSpan.FromSeconds(540), TimeSpan.FromSeconds(180));
        var spoke = Tunnels.Spoke() with { Children = [Tunnels.Child("net", "192.168.50.0/24", "10.1.0.0/24", "aes128gcm16") with { Lifetime = lifetime }] };
        var hubLifetime = lifetime with { Lifetime = TimeSpan.FromSeconds(7200) };
        var hub = Tunnels.Hub() with { Children = [Tunnels.Child("net", "10.1.0.0/24", "192.168.50.0/24", "aes128gcm16") with { Lifetime = hubLifetime }] };
        var lab = new SpokeAndHub(spoke, hub);
        lab.Connect();
        var start = lab.Net.Time.GetTimestamp();

        lab.Net.Advance(TimeSpan.FromSeconds(2879)); // before lifetime − margin − jitter
        Assert.Single(lab.Spoke.InstallLog);
        lab.Net.Advance(TimeSpan.FromSeconds(182)); // by lifetime − margin
        Assert.Equal(2, lab.Spoke.InstallLog.Count);
        var rekeyedAfter = (lab.Net.Time.GetTimestamp() - start) / TimeSpan.TicksPerSecond;
        Assert.InRange(rekeyedAfter, 2880, 3061);

        lab.Net.Advance(TimeSpan.FromHours(10));
        Assert.True(lab.Spoke.InstallLog.Count >= 11);
        lab.AssertUp();
        Assert.Empty(lab.Spoke.EventsOf("vpn.child.expired"));
    }

    [Fact]
    public void A_child_whose_rekey_keeps_failing_expires_at_its_hard_lifetime()
    {
        // PFS on one end only: the first CHILD_SA (IKE_AUTH, no KE) comes up, every rekey is refused.
        var lifetime = new LifetimeSettings(TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(60), TimeSpan.Zero);
        var spoke = Tunnels.Spoke() with
        {
            Children = [Tunnels.Child("net", "192.168.50.0/24", "10.1.0.0/24", "aes128gcm16-modp2048") with { Lifetime = lifetime }],
        };
        var lab = new SpokeAndHub(spoke, Tunnels.Hub(esp: "aes128gcm16"));
        lab.Connect();
        lab.AssertUp();

        lab.Net.Advance(TimeSpan.FromSeconds(599));
        Assert.Single(lab.Spoke.Installed);
        Assert.True(lab.Spoke.EventsOf("vpn.child.no-proposal-chosen").Count() >= 2); // the rekey and its retry
        lab.Net.Advance(TimeSpan.FromSeconds(2));
        var expired = lab.Spoke.EventsOf("vpn.child.expired").Single();
        Assert.Contains("lifetime", expired.Check);
        Assert.Empty(lab.Spoke.Installed);
        Assert.NotNull(lab.SpokeSa); // phase 1 stays up
    }

    [Fact]
    public void Crossing_child_rekeys_leave_exactly_one_new_child_on_each_side()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        var old = lab.Spoke.Installed.Values.Single();

        // Both requests are on the wire before either end sees the other's (RFC 7296 §2.8.1).
        var held = new List<Packet>();
        lab.Net.Drop = p =>
        {
            if (p.Data[IkeHeader.ExchangeOffset] != (byte)ExchangeType.CreateChildSa || (p.Data[IkeHeader.FlagsOffset] & 0x20) != 0) return false;
            held.Add(p);
            return true;
        };
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.RekeyChildSa("hub1", "net"));
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.RekeyChildSa("spokes", "net"));
        Assert.Equal(2, held.Count);
        Cross(lab, held);
        lab.Net.Advance(TimeSpan.FromSeconds(1));

        AssertSingleNewChild(lab, old.InboundSpi);
        Assert.Equal(3, lab.Spoke.InstallLog.Count); // the original and two rekeys, one of them redundant
        Assert.Equal(3, lab.Hub.InstallLog.Count);
        Assert.Equal(2, lab.Spoke.Removed.Count);
        Assert.Equal(2, lab.Hub.Removed.Count);
        lab.Net.Advance(TimeSpan.FromSeconds(60));
        AssertSingleNewChild(lab, old.InboundSpi);
    }

    [Fact]
    public void A_rekey_that_arrives_after_the_peer_finished_its_own_is_refused_cleanly()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        var old = lab.Spoke.Installed.Values.Single();
        Packet? held = null;
        lab.Net.Drop = p =>
        {
            if (held is not null || p.Sender != lab.Spoke || p.Data[IkeHeader.ExchangeOffset] != (byte)ExchangeType.CreateChildSa) return false;
            held = p;
            return true;
        };
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.RekeyChildSa("hub1", "net"));
        lab.Net.Drop = null;
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.RekeyChildSa("spokes", "net")); // completes and deletes the old SA
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.Receive(held!.Data, held.From, held.To)); // CHILD_SA_NOT_FOUND
        lab.Net.Advance(TimeSpan.FromSeconds(1));
        AssertSingleNewChild(lab, old.InboundSpi);
        Assert.Equal(2, lab.Spoke.InstallLog.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_IKE_SA_is_rekeyed_and_keeps_its_children(bool byTheSpoke)
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        var oldSpi = lab.SpokeSa.SpiI;
        var child = lab.Spoke.Installed.Values.Single();

        if (byTheSpoke) lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.RekeyIkeSa("hub1"));
        else lab.Net.Apply(lab.Hub, lab.Hub.Engine.RekeyIkeSa("spokes"));

        lab.AssertUp();
        Assert.NotEqual(oldSpi, lab.SpokeSa.SpiI);
        Assert.Single(lab.Spoke.Engine.Sas);
        Assert.Single(lab.Hub.Engine.Sas);
        Assert.Same(lab.SpokeSa, lab.Spoke.Engine.Sas.Single());
        Assert.Equal(child.InboundSpi, lab.Spoke.Installed.Values.Single().InboundSpi); // children untouched
        Assert.Single(lab.Spoke.EventsOf("vpn.ike.rekeyed"));
        Assert.Single(lab.Hub.EventsOf("vpn.ike.rekeyed"));
        Assert.Empty(lab.Spoke.EventsOf("vpn.ike.deleted"));
        Assert.Equal(1, lab.SpokeSa.RekeyCount);

        // the new SA works: a child rekey and a DPD on it
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.RekeyChildSa("hub1", "net"));
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.CheckLiveness("hub1"));
        lab.AssertUp();
        Assert.NotEqual(child.InboundSpi, lab.Spoke.Installed.Values.Single().InboundSpi);
    }

    [Fact]
    public void The_IKE_SA_rekeys_by_itself_before_its_lifetime()
    {
        var spoke = Tunnels.Spoke() with { IkeLifetime = new LifetimeSettings(TimeSpan.FromSeconds(3600), TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(60)) };
        var lab = new SpokeAndHub(spoke);
        lab.Connect();
        lab.Net.Advance(TimeSpan.FromSeconds(3301));
        Assert.Single(lab.Spoke.EventsOf("vpn.ike.rekeyed"));
        lab.Net.Advance(TimeSpan.FromHours(5));
        Assert.True(lab.Spoke.EventsOf("vpn.ike.rekeyed").Count() >= 6);
        lab.AssertUp();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Simultaneous_IKE_SA_rekeys_leave_one_IKE_SA_on_each_side(bool crossing)
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        var child = lab.Spoke.Installed.Values.Single();
        var held = new List<Packet>();
        lab.Net.Drop = p =>
        {
            if (p.Data[IkeHeader.ExchangeOffset] != (byte)ExchangeType.CreateChildSa || (p.Data[IkeHeader.FlagsOffset] & 0x20) != 0) return false;
            if (!crossing && p.Sender == lab.Hub) return false;
            held.Add(p);
            return true;
        };
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.RekeyIkeSa("hub1"));
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.RekeyIkeSa("spokes"));
        if (crossing)
        {
            Cross(lab, held);
        }
        else
        {
            lab.Net.Drop = null;
            var p = held.Single();
            lab.Net.Apply(lab.Hub, lab.Hub.Engine.Receive(p.Data, p.From, p.To));
        }
        lab.Net.Advance(TimeSpan.FromSeconds(35));

        lab.AssertUp();
        Assert.Single(lab.Spoke.Engine.Sas);
        Assert.Single(lab.Hub.Engine.Sas);
        Assert.Equal(child.InboundSpi, lab.Spoke.Installed.Values.Single().InboundSpi);
        Assert.Empty(lab.Spoke.EventsOf("vpn.child.deleted"));
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.CheckLiveness("hub1"));
        Assert.Null(lab.SpokeSa.ActiveExchange);
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.RekeyChildSa("spokes", "net"));
        lab.AssertUp();
    }
}
