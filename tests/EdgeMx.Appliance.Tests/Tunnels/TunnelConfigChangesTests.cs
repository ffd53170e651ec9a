using EdgeMx.Appliance.Tunnels;
using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Appliance.Tests.Tunnels;

/// <summary>A reload re-establishes exactly the tunnels whose settings changed: the comparison is by value.</summary>
public class TunnelConfigChangesTests
{
    private static TunnelConfig Hub1() => new()
    {
        Name = "hub1",
        Peer = "203.0.113.11",
        LocalId = new TunnelIdConfig { Value = "branch.lab" },
        RemoteId = new TunnelIdConfig { Value = "hub1.lab" },
        PskFile = "/etc/edgemx/hub1.psk",
        LocalSubnets = ["192.168.50.0/24"],
        RemoteSubnets = ["10.1.0.0/24"],
    };

    [Fact]
    public void The_same_tunnel_loaded_again_has_no_changes()
    {
        // A reload deserializes new objects (new lists): equal values must not count as a change, or every reload
        // would tear down every tunnel.
        Assert.Empty(TunnelConfigChanges.Between(Hub1(), Hub1()));
    }

    private static readonly string[] KeyNames =
    [
        "peer", "peerPort", "startAction", "localId", "remoteId", "pskFile", "ikeProposals", "espProposals", "localSubnets",
        "remoteSubnets", "ikeLifetimeSeconds", "childLifetimeSeconds", "dpd", "forceEncapsulation", "natKeepaliveSeconds",
        "redirect", "retransmit",
    ];

    public static TheoryData<string> Keys => new(KeyNames);

    [Theory]
    [MemberData(nameof(Keys))]
    public void Each_setting_is_compared(string key)
    {
        var loaded = Hub1();
        switch (key)
        {
            case "peer": loaded.Peer = "203.0.113.12"; break;
            case "peerPort": loaded.PeerPort = 4500; break;
            case "startAction": loaded.StartAction = "listen"; break;
            case "localId": loaded.LocalId = new TunnelIdConfig { Value = "other.lab" }; break;
            case "remoteId": loaded.RemoteId = null; break;
            case "pskFile": loaded.PskFile = "/etc/edgemx/other.psk"; break;
            case "ikeProposals": loaded.IkeProposals = "aes128-sha256-modp2048"; break;
            case "espProposals": loaded.EspProposals = "aes128-sha256"; break;
            case "localSubnets": loaded.LocalSubnets = ["192.168.50.0/24", "192.168.51.0/24"]; break;
            case "remoteSubnets": loaded.RemoteSubnets = ["10.2.0.0/24"]; break;
            case "ikeLifetimeSeconds": loaded.IkeLifetimeSeconds = 3600; break;
            case "childLifetimeSeconds": loaded.ChildLifetimeSeconds = 3600; break;
            case "dpd": loaded.Dpd = new TunnelDpdConfig { Action = "clear" }; break;
            case "forceEncapsulation": loaded.ForceEncapsulation = true; break;
            case "natKeepaliveSeconds": loaded.NatKeepaliveSeconds = 10; break;
            case "redirect": loaded.Redirect = new TunnelRedirectConfig { Accept = false }; break;
            case "retransmit": loaded.Retransmit = new TunnelRetransmitConfig { Tries = 2 }; break;
        }
        Assert.Equal([key], TunnelConfigChanges.Between(Hub1(), loaded));
    }

    [Fact]
    public void Every_setting_of_a_tunnel_is_covered()
    {
        // A setting added to TunnelConfig must be added to the comparison (and to Keys above); Name identifies the tunnel,
        // and failClosed is no IKE setting (below).
        var properties = typeof(TunnelConfig).GetProperties().Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]).ToList();
        Assert.Equal(properties.Where(p => p is not ("name" or "failClosed")).Order(), KeyNames.Order());
    }

    [Fact]
    public void Fail_closed_changes_live_without_touching_the_SAs()
    {
        // The guard service adds or removes the guard routes on reload; the tunnel's SAs have nothing to renegotiate.
        var loaded = Hub1();
        loaded.FailClosed = false;
        Assert.Empty(TunnelConfigChanges.Between(Hub1(), loaded));
    }

    [Fact]
    public void Several_changes_are_listed_in_order()
    {
        var loaded = Hub1();
        loaded.EspProposals = "aes128gcm16";
        loaded.RemoteSubnets = ["10.1.0.0/16"];
        Assert.Equal(["espProposals", "remoteSubnets"], TunnelConfigChanges.Between(Hub1(), loaded));
    }
}
