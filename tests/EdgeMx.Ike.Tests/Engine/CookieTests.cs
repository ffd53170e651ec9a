using System.Net;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>Responder defences (RFC 7296 §2.6): COOKIE above the half-open threshold, and the half-open limit.</summary>
public class CookieTests
{
    [Fact]
    public void Above_the_threshold_the_initiator_must_return_the_cookie()
    {
        var lab = new SpokeAndHub(hubOptions: new IkeEngineOptions { CookieThreshold = 0 });
        lab.Connect();

        lab.AssertUp();
        Assert.Equal(1, lab.Hub.Engine.Counters.CookiesSent);
        Assert.Single(lab.Spoke.EventsOf("vpn.ike.cookie"));
        Assert.Single(lab.Hub.EventsOf("vpn.ike.cookies-enabled"));
        // the retried IKE_SA_INIT starts with N(COOKIE), and the cookie answer held no state
        var retried = IkeMessage.Decode(lab.Net.Log[2].Data);
        Assert.Equal(NotifyType.Cookie, Assert.IsType<NotifyPayload>(retried.Payloads[0]).NotifyType);
        Assert.Equal(2, lab.Net.Log.Count(p => p.Sender == lab.Spoke && p.Data[IkeHeader.ExchangeOffset] == (byte)ExchangeType.IkeSaInit));
    }

    [Fact]
    public void A_wrong_or_replayed_cookie_gets_a_new_cookie_not_an_SA()
    {
        var lab = new SpokeAndHub(hubOptions: new IkeEngineOptions { CookieThreshold = 0 });
        lab.Net.Drop = p => p.Sender == lab.Spoke && lab.Net.Log.Count(x => x.Sender == lab.Spoke) > 1;
        lab.Connect();
        var withCookie = IkeMessage.Decode(lab.Net.Log.Last(p => p.Sender == lab.Spoke).Data);
        var cookie = (NotifyPayload)withCookie.Payloads[0];

        // the same cookie from another address is not valid
        var elsewhere = new IPEndPoint(IPAddress.Parse("203.0.113.66"), 500);
        var actions = lab.Hub.Engine.Receive(withCookie.Encode(), elsewhere, new IPEndPoint(lab.Hub.Address, 500));
        Assert.Empty(lab.Hub.Engine.Sas);
        var answer = IkeMessage.Decode(Assert.Single(actions.OfType<Ike.Engine.SendDatagram>()).Data);
        Assert.Equal(NotifyType.Cookie, answer.GetNotify(NotifyType.Cookie)!.NotifyType);

        // a flipped bit is not valid either
        var tampered = new NotifyPayload(NotifyType.Cookie, cookie.Data.Select((b, i) => i == 10 ? (byte)~b : b).ToArray());
        var bad = withCookie.WithPayloads([tampered, .. withCookie.Payloads.Skip(1)]).Encode();
        lab.Hub.Engine.Receive(bad, lab.Net.Log.Last(p => p.Sender == lab.Spoke).From, new IPEndPoint(lab.Hub.Address, 500));
        Assert.Empty(lab.Hub.Engine.Sas);
    }

    [Fact]
    public void Cookies_made_before_a_secret_rotation_still_work()
    {
        var lab = new SpokeAndHub(hubOptions: new IkeEngineOptions { CookieThreshold = 0, CookieSecretLifetime = TimeSpan.FromSeconds(10) });
        var hold = true;
        Packet? held = null;
        lab.Net.Drop = p =>
        {
            if (!hold || p.Sender != lab.Spoke || lab.Net.Log.Count(x => x.Sender == lab.Spoke) < 2) return false;
            held = p;
            return true;
        };
        lab.Connect();
        lab.Net.Advance(TimeSpan.FromSeconds(3.9));
        lab.Net.Advance(TimeSpan.FromSeconds(8)); // the secret rotated once
        hold = false;
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.Receive(held!.Data, held.From, held.To));
        Assert.NotEmpty(lab.Hub.Engine.Sas);
    }

    [Fact]
    public void Half_open_SAs_beyond_the_limit_are_dropped_and_time_out()
    {
        var net = new TestNetwork();
        var hub = net.AddPeer("hub", Tunnels.HubAddress, new IkeEngineOptions { CookieThreshold = 1000, HalfOpenLimit = 3 });
        hub.Engine.AddConnection(Tunnels.Hub());
        // Five initiators send IKE_SA_INIT and never continue.
        for (var i = 0; i < 5; i++)
        {
            var spoke = net.AddPeer($"spoke{i}", $"198.51.100.{10 + i}");
            spoke.Engine.AddConnection(Tunnels.Spoke());
            net.Drop = p => p.Sender == hub;
            net.Apply(spoke, spoke.Engine.Initiate("hub1", spoke.Address));
        }
        Assert.Equal(3, hub.Engine.HalfOpenCount);
        Assert.Equal(2, hub.Engine.Counters.HalfOpenDropped);
        Assert.Single(hub.EventsOf("vpn.ike.half-open-limit"));

        net.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(0, hub.Engine.HalfOpenCount);
    }
}
