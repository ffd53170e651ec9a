using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>
/// A configuration reload that changes a connection (<see cref="EdgeMx.Ike.Engine.IkeEngine.ReplaceConnection"/>):
/// its SAs are deleted at the peer (RFC 7296 §1.4.1) and it comes up again with the new settings at once.
/// <code>
/// INFORMATIONAL SK { D(IKE) }  -->  (old SA)          &lt;--  SK { }
/// IKE_SA_INIT, IKE_AUTH        -->  (new settings)     &lt;--  …
/// </code>
/// </summary>
public class ReconfigureTests
{
    [Fact]
    public void A_changed_connection_is_deleted_and_established_again_with_the_new_settings()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        var old = lab.SpokeSa;
        var oldChild = lab.Spoke.Installed.Keys.Single();
        Assert.StartsWith("AES_GCM_16_128", lab.Spoke.Installed[oldChild].Encryption.Name);

        var changed = Tunnels.Spoke(esp: "aes128-sha256");
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.ReplaceConnection(changed, "the tunnel's configuration changed"));

        lab.AssertUp();
        Assert.NotEqual(old.SpiI, lab.SpokeSa.SpiI);
        Assert.Equal(IkeSaState.Closed, old.State);
        Assert.Single(lab.Hub.Engine.Sas); // the hub was told: no stale SA waits for DPD there
        Assert.Contains("deleted by the peer", lab.Hub.EventsOf("vpn.ike.deleted").Single().Message);
        Assert.Contains("the tunnel's configuration changed", lab.Spoke.EventsOf("vpn.ike.deleted").Single().Message);
        var child = lab.Spoke.Installed.Values.Single();
        Assert.NotEqual(oldChild, child.InboundSpi);
        Assert.Equal("AES_CBC_128", child.Encryption.Name);
        Assert.Same(changed, lab.SpokeSa.Settings);
        // The DELETE went out before the new IKE_SA_INIT (break before make: the hub never holds both).
        var delete = lab.Net.Log.FindIndex(p => p.Sender == lab.Spoke && p.Data[IkeHeader.ExchangeOffset] == (byte)ExchangeType.Informational);
        var init = lab.Net.Log.FindLastIndex(p => p.Sender == lab.Spoke && p.Data[IkeHeader.ExchangeOffset] == (byte)ExchangeType.IkeSaInit);
        Assert.True(delete >= 0 && delete < init);

        // It stays up afterwards: the old SA's close does not start a second one.
        lab.Net.Advance(TimeSpan.FromMinutes(2));
        lab.AssertUp();
        Assert.Single(lab.Spoke.Engine.Sas);
    }

    [Fact]
    public void A_changed_listening_connection_deletes_its_SAs_and_waits_for_the_peer()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        var changed = Tunnels.Hub(remoteSubnet: "192.168.0.0/16");
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.ReplaceConnection(changed, "the tunnel's configuration changed"));

        Assert.Empty(lab.Hub.Engine.Sas);
        Assert.Empty(lab.Hub.Installed);
        // The spoke (close action restart) comes back and is answered under the new settings.
        lab.Net.Advance(TimeSpan.FromSeconds(1));
        lab.AssertUp();
        Assert.Same(changed, lab.HubSa.Settings);
    }

    [Fact]
    public void A_redirected_connection_starts_over_at_its_configured_gateway()
    {
        var net = new TestNetwork();
        var spoke = net.AddPeer("spoke", Tunnels.SpokeAddress);
        var hub1 = net.AddPeer("hub1", Tunnels.HubAddress);
        var hub2 = net.AddPeer("hub2", Tunnels.Hub2Address);
        spoke.Engine.AddConnection(Tunnels.Spoke(remoteId: "%any"));
        hub1.Engine.AddConnection(Tunnels.Hub());
        hub2.Engine.AddConnection(Tunnels.Hub(localId: "hub2.lab"));
        net.Apply(spoke, spoke.Engine.Initiate("hub1", spoke.Address));
        net.Apply(hub1, hub1.Engine.Redirect("spokes", System.Net.IPAddress.Parse(Tunnels.Hub2Address)));
        Assert.Equal(Tunnels.Hub2Address, spoke.EstablishedSa("hub1").Remote.Address.ToString());

        net.Apply(spoke, spoke.Engine.ReplaceConnection(Tunnels.Spoke(remoteId: "%any", esp: "aes128-sha256"), "changed"));

        Assert.Equal(Tunnels.HubAddress, spoke.EstablishedSa("hub1").Remote.Address.ToString());
        Assert.Empty(hub2.Engine.Sas);
        Assert.Equal("AES_CBC_128", spoke.Installed.Values.Single().Encryption.Name);
    }
}
