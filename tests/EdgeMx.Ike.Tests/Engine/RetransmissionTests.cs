using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>Lost messages (RFC 7296 §2.1): the initiator retransmits; the responder answers from its cache and
/// never processes a request twice.</summary>
public class RetransmissionTests
{
    private static byte Exchange(Packet p) => p.Data[IkeHeader.ExchangeOffset];

    [Fact]
    public void A_lost_IKE_SA_INIT_response_is_resent_from_the_cache()
    {
        var lab = new SpokeAndHub();
        var dropped = 0;
        lab.Net.Drop = p => p.Sender == lab.Hub && Exchange(p) == (byte)ExchangeType.IkeSaInit && dropped++ == 0;
        lab.Connect();
        Assert.Empty(lab.Spoke.Installed);

        lab.Net.Advance(TimeSpan.FromSeconds(4));
        lab.AssertUp();
        Assert.Equal(1, lab.HubSa.CachedResponsesResent);
        Assert.Single(lab.Hub.Engine.Sas); // the retransmission created no second half-open SA
    }

    [Fact]
    public void A_lost_IKE_AUTH_response_is_resent_from_the_cache_and_the_child_is_installed_once()
    {
        var lab = new SpokeAndHub();
        var dropped = 0;
        lab.Net.Drop = p => p.Sender == lab.Hub && Exchange(p) == (byte)ExchangeType.IkeAuth && dropped++ == 0;
        lab.Connect();
        Assert.Single(lab.Hub.InstallLog);

        lab.Net.Advance(TimeSpan.FromSeconds(4));
        lab.AssertUp();
        Assert.Single(lab.Hub.InstallLog);
        Assert.Single(lab.Spoke.InstallLog);
        Assert.Equal(1, lab.HubSa.CachedResponsesResent);
    }

    [Fact]
    public void A_retransmitted_request_is_answered_with_identical_bytes()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.CheckLiveness("hub1"));
        var request = lab.Net.Log[^2];
        var response = lab.Net.Log[^1];
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.Receive(request.Data, request.From, request.To));
        Assert.Equal(response.Data, lab.Net.Log[^1].Data);
        Assert.Equal(1, lab.HubSa.CachedResponsesResent);
    }

    [Fact]
    public void Requests_out_of_the_window_and_forged_retransmissions_are_dropped()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.CheckLiveness("hub1"));
        var request = lab.Net.Log[^2];

        // a message ID from the future
        var future = request.Data.ToArray();
        future[IkeHeader.MessageIdOffset + 3] += 5;
        Assert.Empty(lab.Hub.Engine.Receive(future, request.From, request.To));

        // an old ID with garbage content: it must authenticate before we answer it from the cache
        var forged = request.Data.ToArray();
        forged[^1] ^= 0xff;
        Assert.Empty(lab.Hub.Engine.Receive(forged, request.From, request.To));
        Assert.Equal(0, lab.HubSa.CachedResponsesResent);
    }

    [Fact]
    public void A_response_with_a_bad_ICV_is_ignored_and_the_request_retransmitted()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        var tampered = 0;
        lab.Net.Drop = p =>
        {
            if (p.Sender != lab.Hub || tampered++ > 0) return false;
            var bad = p.Data.ToArray();
            bad[^3] ^= 1;
            lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.Receive(bad, p.From, p.To));
            return true;
        };
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.CheckLiveness("hub1"));
        Assert.Equal(1, lab.Spoke.Engine.Counters.AuthenticationFailures);
        lab.Net.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, lab.Spoke.Engine.Counters.Retransmissions);
        Assert.Null(lab.SpokeSa.ActiveExchange);
    }
}
