using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>
/// IKE_SA_INIT + IKE_AUTH between two engines:
/// <code>
/// spoke                                         hub
///   IKE_SA_INIT { SA KE Ni N(NATD_S) N(NATD_D) N(REDIR_SUP) }  -->
///                                  &lt;--  { SA KE Nr N(NATD_S) N(NATD_D) }
///   IKE_AUTH SK { IDi N(INIT_CONTACT) IDr AUTH SA TSi TSr }     -->
///                                  &lt;--  SK { IDr AUTH SA TSi TSr }
/// </code>
/// </summary>
public class EstablishmentTests
{
    [Theory]
    [InlineData("aes256gcm16-prfsha256-x25519", "aes128gcm16", "aes256gcm16-prfsha256-x25519", "aes128gcm16")]
    [InlineData("aes128-sha256-modp2048", "aes128-sha256", "aes128-sha256-modp2048", "aes128-sha256")]
    [InlineData("aes256-sha384-ecp384", "aes256-sha512-esn", "aes256-sha384-ecp384", "aes256-sha512-esn")]
    [InlineData("3des-sha1-modp1024", "3des-sha1", "3des-sha1-modp1024", "3des-sha1")]
    [InlineData("aes192-sha512-ecp256", "aes192-sha1", "aes192-sha512-ecp256", "aes192-sha1")]
    [InlineData("aes128gcm16-prfsha512-modp3072", "aes256gcm16-esn", "aes128gcm16-prfsha512-modp3072", "aes256gcm16-esn")]
    public void Establishes_with_every_suite(string ike, string esp, string hubIke, string hubEsp)
    {
        var lab = new SpokeAndHub(Tunnels.Spoke(ike, esp), Tunnels.Hub(hubIke, hubEsp));
        lab.Connect();

        lab.AssertUp();
        Assert.True(lab.Spoke.Has("vpn.ike.established"));
        Assert.True(lab.Spoke.Has("vpn.child.established"));
        Assert.True(lab.Hub.Has("vpn.ike.established"));
        Assert.Equal(4, lab.Net.Log.Count); // two exchanges, no retransmission
        Assert.False(lab.SpokeSa.UsesEncapsulation);
        Assert.Equal(500, lab.SpokeSa.Remote.Port);
    }

    [Fact]
    public void Established_event_names_SPIs_algorithms_addresses_and_NAT()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        var established = lab.Spoke.EventsOf("vpn.ike.established").Single();
        Assert.Equal($"{lab.SpokeSa.SpiI:x16}", established.Details!["spi_i"]);
        Assert.Equal($"{lab.SpokeSa.SpiR:x16}", established.Details["spi_r"]);
        Assert.Equal("AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519", established.Details["proposal"]);
        Assert.Equal("198.51.100.2:500", established.Details["local"]);
        Assert.Equal("203.0.113.11:500", established.Details["remote"]);
        Assert.Equal("no", established.Details["nat_local"]);
        Assert.Equal("hub1.lab", established.Details["remote_id"]);
        Assert.DoesNotContain(Tunnels.Psk, string.Join(" ", lab.Spoke.Events.Concat(lab.Hub.Events)
            .SelectMany(e => new[] { e.Message, e.Check ?? "" }.Concat(e.Details?.Values ?? []))));
    }

    [Fact]
    public void The_responder_narrows_traffic_selectors()
    {
        // The spoke asks for 10.1.0.0/16; the hub only offers 10.1.0.0/24 on its side.
        var lab = new SpokeAndHub(Tunnels.Spoke(remoteSubnet: "10.1.0.0/16"), Tunnels.Hub());
        lab.Connect();
        lab.AssertUp();
        Assert.Equal("10.1.0.0/24", lab.Spoke.Installed.Values.Single().RemoteSelectors.Single().ToString());
    }

    [Fact]
    public void NAT_is_detected_and_IKE_floats_to_4500_with_keepalives()
    {
        var noDpd = Ike.Config.DpdSettings.Default with { Mode = Ike.Config.DpdMode.None };
        var lab = new SpokeAndHub(Tunnels.Spoke() with { Dpd = noDpd }, Tunnels.Hub() with { Dpd = noDpd },
            natPublicAddress: "203.0.113.2");
        lab.Connect();
        lab.AssertUp();
        var spoke = lab.SpokeSa;
        var hub = lab.HubSa;
        Assert.True(spoke.NatLocal);
        Assert.False(spoke.NatRemote);
        Assert.True(hub.NatRemote);
        Assert.Equal(4500, spoke.Remote.Port);
        Assert.Equal(4500, spoke.Local.Port);
        Assert.Equal(4500, hub.Local.Port);
        Assert.True(lab.Spoke.Installed.Values.Single().UdpEncapsulation);
        Assert.Equal("yes", lab.Spoke.EventsOf("vpn.ike.established").Single().Details!["nat_local"]);
        // IKE_AUTH went to 4500
        Assert.Equal(4500, lab.Net.Log[2].To.Port);

        lab.Net.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(3, lab.Spoke.KeepalivesSent); // at 20, 40 and 60 s of silence
        Assert.Equal(0, lab.Hub.KeepalivesSent);
    }

    [Fact]
    public void Forced_encapsulation_uses_4500_without_a_NAT()
    {
        var spoke = Tunnels.Spoke() with { Nat = new Ike.Config.NatSettings(true, TimeSpan.FromSeconds(20)) };
        var lab = new SpokeAndHub(spoke);
        lab.Connect();
        lab.AssertUp();
        Assert.True(lab.SpokeSa.UsesEncapsulation);
        Assert.True(lab.HubSa.NatRemote); // the hub believes we are behind a NAT
        Assert.Equal(4500, lab.HubSa.Local.Port);
        Assert.True(lab.Hub.Installed.Values.Single().UdpEncapsulation);
    }

    [Fact]
    public void A_second_child_is_created_with_CREATE_CHILD_SA()
    {
        var spoke = Tunnels.Spoke() with
        {
            Children = [Tunnels.Child("net", "192.168.50.0/24", "10.1.0.0/24", "aes128gcm16"),
                Tunnels.Child("v6", "2001:db8:50::/64", "2001:db8:1::/64", "aes256gcm16-ecp256")],
        };
        var hub = Tunnels.Hub() with
        {
            Children = [Tunnels.Child("net", "10.1.0.0/24", "192.168.50.0/24", "aes128gcm16"),
                Tunnels.Child("v6", "2001:db8:1::/64", "2001:db8:50::/64", "aes256gcm16-ecp256")],
        };
        var lab = new SpokeAndHub(spoke, hub);
        lab.Connect();
        lab.AssertUp(children: 2);
        Assert.Contains(lab.Net.Log, p => p.Data[IkeHeader.ExchangeOffset] == (byte)ExchangeType.CreateChildSa);
        Assert.Equal("2001:db8:1::/64", lab.Spoke.Installed.Values.Single(c => c.Child == "v6").RemoteSelectors[0].ToString());
    }
}
