using System.Net;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>
/// RFC 5685 redirects, client side, in every place a gateway can send one (seed 004):
/// <code>
/// IKE_SA_INIT { … N(REDIRECT_SUPPORTED) }  -->   &lt;--  { N(REDIRECT(gw2, Ni)) }
/// IKE_SA_INIT { … N(REDIRECTED_FROM(gw1)) }  -->  (to gw2)
/// IKE_AUTH SK { … }  -->                          &lt;--  SK { IDr AUTH N(REDIRECT(gw2)) }
/// INFORMATIONAL                                   &lt;--  SK { N(REDIRECT(gw2)) }   (swanctl --redirect)
/// </code>
/// </summary>
public class RedirectTests
{
    private sealed class Cluster
    {
        public Cluster()
        {
            Spoke = Net.AddPeer("spoke", Tunnels.SpokeAddress);
            Hub1 = Net.AddPeer("hub1", Tunnels.HubAddress);
            Hub2 = Net.AddPeer("hub2", Tunnels.Hub2Address);
            Spoke.Engine.AddConnection(Tunnels.Spoke(remoteId: "%any"));
            Hub1.Engine.AddConnection(Tunnels.Hub());
            Hub2.Engine.AddConnection(Tunnels.Hub(localId: "hub2.lab"));
        }

        public TestNetwork Net { get; } = new();
        public TestPeer Spoke { get; }
        public TestPeer Hub1 { get; }
        public TestPeer Hub2 { get; }

        public void Connect() => Net.Apply(Spoke, Spoke.Engine.Initiate("hub1", Spoke.Address));

        public IkeSa SpokeSa => Spoke.EstablishedSa("hub1");

        public IkeMessage LastInitTo(TestPeer hub) =>
            IkeMessage.Decode(Net.Log.Last(p => p.Sender == Spoke && p.To.Address.Equals(hub.Address)
                && p.Data[IkeHeader.ExchangeOffset] == (byte)ExchangeType.IkeSaInit).Data);
    }

    private static IPAddress Hub2 => IPAddress.Parse(Tunnels.Hub2Address);

    private static IPAddress Hub1 => IPAddress.Parse(Tunnels.HubAddress);

    [Fact]
    public void Redirect_in_IKE_SA_INIT_with_our_nonce_is_followed()
    {
        var c = new Cluster();
        c.Hub1.Engine.RedirectOnInit = _ => Hub2;
        c.Connect();

        Assert.Equal(Hub2, c.SpokeSa.Remote.Address);
        Assert.Single(c.Hub2.Installed);
        Assert.Empty(c.Hub1.Engine.Sas);
        var redirected = c.Spoke.EventsOf("vpn.ike.redirected").Single();
        Assert.Equal("IKE_SA_INIT", redirected.Details!["during"]);
        Assert.Equal("203.0.113.12", redirected.Details["to"]);
        Assert.True(c.LastInitTo(c.Hub1).HasNotify(NotifyType.RedirectSupported));
        var second = c.LastInitTo(c.Hub2);
        Assert.False(second.HasNotify(NotifyType.RedirectSupported));
        Assert.Equal("203.0.113.11", RedirectData.Decode(second.GetNotify(NotifyType.RedirectedFrom)!.Data).Gateway);
        Assert.Single(c.Hub1.EventsOf("vpn.ike.redirect-sent"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_forged_redirect_is_ignored_and_the_real_answer_still_accepted(bool withWrongNonce)
    {
        var c = new Cluster();
        var injected = false;
        c.Net.Drop = p =>
        {
            if (injected || p.Sender != c.Spoke) return false;
            injected = true;
            // An attacker on the path answers first, sending us to its own gateway.
            var request = IkeMessage.Decode(p.Data);
            var nonce = withWrongNonce ? Enumerable.Repeat((byte)0x66, 32).ToArray() : null;
            var forged = new IkeMessage(request.Header with { Flags = IkeHeaderFlags.Response },
                [new NotifyPayload(NotifyType.Redirect, RedirectData.ForAddress(IPAddress.Parse("192.0.2.66"), nonce).Encode())]);
            c.Net.Apply(c.Spoke, c.Spoke.Engine.Receive(forged.Encode(), p.To, p.From));
            return false; // the real request still reaches hub1
        };
        c.Connect();

        var ignored = c.Spoke.EventsOf("vpn.ike.redirect-ignored").Single();
        Assert.Contains(withWrongNonce ? "does not match" : "no nonce", ignored.Message);
        Assert.Equal(Hub1, c.SpokeSa.Remote.Address);
        Assert.Single(c.Hub1.Installed);
        Assert.Empty(c.Spoke.EventsOf("vpn.ike.redirected"));
    }

    [Fact]
    public void Redirect_in_IKE_AUTH_is_followed_after_the_gateway_authenticated()
    {
        var c = new Cluster();
        c.Hub1.Engine.RedirectOnAuth = _ => Hub2;
        c.Connect();

        Assert.Equal(Hub2, c.SpokeSa.Remote.Address);
        Assert.Equal("IKE_AUTH", c.Spoke.EventsOf("vpn.ike.redirected").Single().Details!["during"]);
        Assert.Empty(c.Hub1.Installed);
        Assert.Empty(c.Hub1.Engine.Sas); // the spoke deleted the SA with hub1
        Assert.Single(c.Hub2.Installed);
        Assert.NotNull(c.LastInitTo(c.Hub2).GetNotify(NotifyType.RedirectedFrom));
    }

    [Fact]
    public void Gateway_initiated_redirect_of_an_established_SA_is_followed()
    {
        var c = new Cluster();
        c.Connect();
        Assert.Single(c.Hub1.Installed);

        c.Net.Apply(c.Hub1, c.Hub1.Engine.Redirect("spokes", Hub2));

        Assert.Equal(Hub2, c.SpokeSa.Remote.Address);
        Assert.Equal("INFORMATIONAL", c.Spoke.EventsOf("vpn.ike.redirected").Single().Details!["during"]);
        Assert.Empty(c.Hub1.Engine.Sas);
        Assert.Empty(c.Hub1.Installed);
        Assert.Single(c.Hub2.Installed);
        Assert.Single(c.Spoke.Installed);
        Assert.Equal("203.0.113.11", RedirectData.Decode(c.LastInitTo(c.Hub2).GetNotify(NotifyType.RedirectedFrom)!.Data).Gateway);
    }

    [Fact]
    public void A_redirect_loop_stops_after_five_redirects_in_300_seconds()
    {
        var c = new Cluster();
        c.Hub1.Engine.RedirectOnInit = _ => Hub2;
        c.Hub2.Engine.RedirectOnInit = _ => Hub1;
        c.Connect();

        Assert.Equal(5, c.Spoke.EventsOf("vpn.ike.redirected").Count());
        var loop = c.Spoke.EventsOf("vpn.ike.redirect-loop").Single();
        Assert.Equal("5", loop.Details!["count"]);
        Assert.Empty(c.Spoke.Engine.Sas);

        // The gateways are fixed; after the back-off the spoke tries its configured hub again and gets in.
        c.Hub1.Engine.RedirectOnInit = null;
        c.Net.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(Hub1, c.SpokeSa.Remote.Address);
    }

    [Fact]
    public void Redirects_count_only_within_the_window()
    {
        var c = new Cluster();
        c.Connect();
        for (var i = 0; i < 8; i++)
        {
            var from = i % 2 == 0 ? c.Hub1 : c.Hub2;
            c.Net.Apply(from, from.Engine.Redirect("spokes", i % 2 == 0 ? Hub2 : Hub1));
            c.Net.Advance(TimeSpan.FromSeconds(61));
        }
        Assert.Empty(c.Spoke.EventsOf("vpn.ike.redirect-loop"));
        Assert.Equal(8, c.Spoke.EventsOf("vpn.ike.redirected").Count());
    }

    [Fact]
    public void A_redirect_to_a_gateway_that_never_answers_falls_back_to_the_configured_one()
    {
        // The lab found it: strongSwan's `swanctl --redirect --gateway` names any address it is given. Before, the
        // spoke kept knocking at the dead address for good (the redirect target became its only gateway).
        var c = new Cluster();
        c.Connect();
        c.Net.Apply(c.Hub1, c.Hub1.Engine.Redirect("spokes", IPAddress.Parse("203.0.113.99")));
        Assert.DoesNotContain(c.Spoke.Engine.Sas, s => s.State == IkeSaState.Established);

        c.Net.Advance(TimeSpan.FromSeconds(180)); // the whole retransmission schedule (≈165 s), then the back-off

        var failed = c.Spoke.EventsOf("vpn.ike.redirect-failed").Single();
        Assert.Equal("203.0.113.99", failed.Details!["to"]);
        Assert.Equal("203.0.113.11", failed.Details["configured"]);
        Assert.Contains("no response to IKE_SA_INIT", failed.Message);
        Assert.NotNull(failed.Check);
        Assert.Equal(Hub1, c.SpokeSa.Remote.Address);
        Assert.Single(c.Hub1.Installed);
        // A fresh start at the configured gateway: no REDIRECTED_FROM.
        Assert.False(c.LastInitTo(c.Hub1).HasNotify(NotifyType.RedirectedFrom));
    }

    [Fact]
    public void A_redirect_that_fails_at_the_new_gateway_goes_back_too()
    {
        var c = new Cluster();
        c.Hub2.Engine.AddConnection(Tunnels.Hub(localId: "hub2.lab", psk: "another-key"));
        c.Connect();
        c.Net.Apply(c.Hub1, c.Hub1.Engine.Redirect("spokes", Hub2));

        Assert.Single(c.Spoke.EventsOf("vpn.ike.auth-failed"));
        Assert.Single(c.Spoke.EventsOf("vpn.ike.redirect-failed"));
        c.Net.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(Hub1, c.SpokeSa.Remote.Address);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("127.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("224.0.0.5")]
    public void A_redirect_to_an_address_no_gateway_can_have_is_ignored(string target)
    {
        var c = new Cluster();
        c.Connect();
        var sa = c.SpokeSa;
        c.Net.Apply(c.Hub1, c.Hub1.Engine.Redirect("spokes", IPAddress.Parse(target)));

        var ignored = c.Spoke.EventsOf("vpn.ike.redirect-ignored").Single();
        Assert.Contains("not a unicast address", ignored.Message);
        Assert.Contains("no gateway can have", ignored.Check);
        Assert.Same(sa, c.SpokeSa); // still up with hub1
        Assert.Empty(c.Spoke.EventsOf("vpn.ike.redirected"));
    }

    [Fact]
    public void Redirects_can_be_refused_by_configuration()
    {
        var c = new Cluster();
        c.Spoke.Engine.AddConnection(Tunnels.Spoke(remoteId: "%any") with { Redirect = RedirectSettings.Default with { Accept = false } });
        c.Connect();
        Assert.False(c.LastInitTo(c.Hub1).HasNotify(NotifyType.RedirectSupported));
        c.Net.Apply(c.Hub1, c.Hub1.Engine.Redirect("spokes", Hub2)); // the hub will not redirect a client that did not announce support
        Assert.Equal(Hub1, c.SpokeSa.Remote.Address);
    }
}
