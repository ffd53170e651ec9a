using EdgeMx.Ike.Config;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>Deletes (RFC 7296 §1.4.1) from either side, of the IKE SA and of a CHILD_SA.</summary>
public class DeleteTests
{
    [Fact]
    public void Terminating_deletes_both_sides_and_stays_down()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.Terminate("hub1"));
        Assert.Empty(lab.Spoke.Engine.Sas);
        Assert.Empty(lab.Hub.Engine.Sas);
        Assert.Empty(lab.Spoke.Installed);
        Assert.Empty(lab.Hub.Installed);
        Assert.Contains("terminated locally", lab.Spoke.EventsOf("vpn.ike.deleted").Single().Message);
        Assert.Contains("deleted by the peer", lab.Hub.EventsOf("vpn.ike.deleted").Single().Message);
        lab.Net.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(lab.Spoke.Engine.Sas);
    }

    [Fact]
    public void When_the_hub_deletes_the_IKE_SA_the_spoke_follows_and_reconnects()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        var first = lab.SpokeSa.SpiI;
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.Terminate("spokes"));
        var deleted = lab.Spoke.EventsOf("vpn.ike.deleted").Single();
        Assert.Contains("deleted by the peer", deleted.Message);
        Assert.Contains("establish the tunnel again at once", deleted.Check); // what happens next
        lab.Net.Advance(TimeSpan.FromSeconds(1));
        lab.AssertUp();
        Assert.NotEqual(first, lab.SpokeSa.SpiI);
    }

    [Fact]
    public void With_close_action_clear_the_spoke_stays_down()
    {
        var lab = new SpokeAndHub(Tunnels.Spoke() with { CloseAction = DeadPeerAction.Clear });
        lab.Connect();
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.Terminate("spokes"));
        Assert.Contains("stays down (close action clear)", lab.Spoke.EventsOf("vpn.ike.deleted").Single().Check);
        lab.Net.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(lab.Spoke.Engine.Sas);
    }

    [Fact]
    public void A_CHILD_SA_deleted_by_the_hub_is_removed_and_recreated_later()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        var old = lab.Spoke.Installed.Keys.Single();
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.DeleteChildSa("spokes", "net"));
        Assert.Empty(lab.Spoke.Installed);
        Assert.Empty(lab.Hub.Installed);
        Assert.NotNull(lab.SpokeSa); // phase 1 stays
        var deleted = lab.Spoke.EventsOf("vpn.child.deleted").Single();
        Assert.Equal("deleted by the peer", deleted.Details!["reason"]);
        Assert.Contains("create it again in 5 s", deleted.Check);
        lab.Net.Advance(TimeSpan.FromSeconds(6));
        lab.AssertUp();
        Assert.NotEqual(old, lab.Spoke.Installed.Keys.Single());
    }

    [Fact]
    public void A_responder_told_of_a_delete_says_that_the_peer_brings_it_back()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.DeleteChildSa("hub1", "net"));
        Assert.Contains("only answers", lab.Hub.EventsOf("vpn.child.deleted").Single().Check);
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.Terminate("hub1"));
        Assert.Contains("back when the peer initiates again", lab.Hub.EventsOf("vpn.ike.deleted").Single().Check);
    }

    [Fact]
    public void Deletes_crossing_each_other_both_complete()
    {
        var lab = new SpokeAndHub(Tunnels.Spoke() with { CloseAction = DeadPeerAction.Clear });
        lab.Connect();
        var held = new List<Packet>();
        lab.Net.Drop = p =>
        {
            held.Add(p);
            return true;
        };
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.DeleteChildSa("hub1", "net"));
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.DeleteChildSa("spokes", "net"));
        lab.Net.Drop = null;
        foreach (var p in held)
        {
            var receiver = p.Sender == lab.Spoke ? lab.Hub : lab.Spoke;
            lab.Net.Apply(receiver, receiver.Engine.Receive(p.Data, p.From, p.To));
        }
        Assert.Empty(lab.Spoke.Installed);
        Assert.Empty(lab.Hub.Installed);
        Assert.Null(lab.SpokeSa.ActiveExchange);
        Assert.Null(lab.HubSa.ActiveExchange);
    }
}
