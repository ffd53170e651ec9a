using System.Text.Json.Nodes;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Tunnels;

/// <summary>
/// EdgeMx as the initiator towards the lab's strongSwan hub1 (charon, kernel-libipsec): one proposal combination
/// per case, AEAD and non-AEAD, every DH group the appliance offers (2, 14, 15, 19, 20, 31), PFS on the CHILD_SA in
/// some. Each case is checked three ways: our status (algorithms as negotiated), the hub's `swanctl --list-sas`
/// (it agrees on the group and holds the SA), and traffic (the LAN client reaches the hub's private host).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class InitiatorInteropTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    public static TheoryData<string, string, string, string> Combinations => new()
    {
        // ike proposal, esp proposal, expected in our IKE proposal, expected in our CHILD proposal
        { "aes256gcm16-prfsha256-x25519", "aes256gcm16", "AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519", "AES_GCM_16_256" },
        { "aes128gcm16-prfsha256-ecp256", "aes128gcm16", "AES_GCM_16_128/PRF_HMAC_SHA2_256/ECP_256", "AES_GCM_16_128" },
        { "aes256gcm16-prfsha384-ecp384", "aes256gcm16-ecp384", "AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384", "AES_GCM_16_256" },
        { "aes128-sha256-modp2048", "aes128-sha256", "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048", "AES_CBC_128/HMAC_SHA2_256_128" },
        { "aes256-sha384-modp3072", "aes256-sha384", "AES_CBC_256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/MODP_3072", "AES_CBC_256/HMAC_SHA2_384_192" },
        { "aes128-sha1-modp1024", "aes128-sha1", "AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024", "AES_CBC_128/HMAC_SHA1_96" },
        { "aes256-sha512-x25519", "aes256-sha512-modp2048", "AES_CBC_256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/CURVE_25519", "AES_CBC_256/HMAC_SHA2_512_256" },
        { "aes192-sha256-ecp256", "aes192gcm16", "AES_CBC_192/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256", "AES_GCM_16_192" },
        { "aes128gcm16-prfsha512-modp2048", "aes256-sha256-x25519", "AES_GCM_16_128/PRF_HMAC_SHA2_512/MODP_2048", "AES_CBC_256/HMAC_SHA2_256_128" },
        { "aes256gcm16-prfsha256-modp3072", "aes128gcm16-modp1024", "AES_GCM_16_256/PRF_HMAC_SHA2_256/MODP_3072", "AES_GCM_16_128" },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Establishes_with_strongSwan_and_carries_traffic(string ike, string esp, string expectedIke, string expectedChild)
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab, t =>
        {
            t["ikeProposals"] = ike;
            t["espProposals"] = esp;
        });
        var sa = await app.WaitUpAsync();
        Assert.Equal(expectedIke, sa.Proposal);
        var child = sa.Children.Single(c => c.State == "INSTALLED");
        Assert.StartsWith(expectedChild, child.Proposal);
        Assert.Equal("192.168.50.0/24", child.LocalTs);
        Assert.Equal("10.1.0.0/24", child.RemoteTs);
        Assert.StartsWith("198.51.100.2", sa.Local); // from wan1, the primary

        var hub = await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1);
        Assert.Contains("ESTABLISHED", hub);
        Assert.Contains(expectedIke.Split('/')[^1], hub); // the hub agrees on the key exchange group
        Assert.Contains(child.SpiOut, hub);               // and holds our CHILD_SA (our outbound SPI is its inbound)

        Assert.True(await TunnelAppliance.LanReachesHub1Async(Lab), $"LAN client → {Hub.Hub1.HealthAddress} through the tunnel");
        // The tunnel's counters follow the data plane's by a few seconds (IKE pulls usage periodically).
        await app.WaitStatusAsync(s => s.Hub1()?.Counters is { PacketsOut: >= 1, PacketsIn: >= 1 },
            "the tunnel's counters to show the pings", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Establishes_over_the_nat_path_of_wan2_and_carries_traffic()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab, root: r => r["uplinkSelection"]!["primary"] = "wan2");
        var sa = await app.WaitUpAsync();
        Assert.StartsWith("10.0.2.2", sa.Local);      // from wan2's private address ...
        Assert.True(sa.NatLocal, "our side is behind ISP2's masquerade: NAT detected locally");
        Assert.True(sa.Encapsulated);
        var hub = await TunnelAppliance.HubSasAsync(Lab, Hub.Hub1);
        Assert.Contains("203.0.113.2", hub);          // ... seen by the hub as ISP2's public address
        Assert.True(await TunnelAppliance.LanReachesHub1Async(Lab), "LAN client → hub1 through the tunnel over the NAT path");
    }

    [Fact]
    public async Task A_wrong_psk_is_reported_as_an_authentication_failure()
    {
        Root.Require();
        var dir = Directory.CreateDirectory(Path.Combine(Lab.StateDir, "wrong-psk")).FullName;
        var psk = Path.Combine(dir, "hub1.psk");
        File.WriteAllText(psk, "not-the-hub's-key\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(psk, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var app = await TunnelAppliance.StartAsync(Lab, t => t["pskFile"] = psk);
        var failed = await app.WaitForEventAsync("vpn.ike.auth-failed", TimeSpan.FromSeconds(30));
        Assert.Equal("hub1", failed.Subject);
        Assert.False(string.IsNullOrEmpty(failed.Check), "the event says what to check");
        Assert.Contains("key", failed.Check!, StringComparison.OrdinalIgnoreCase);
        var state = await app.StatusAsync();
        Assert.False(state.Hub1()!.Phase1Up);
        Assert.DoesNotContain("not-the-hub's-key", string.Join("\n", (await app.EventsAsync()).Select(e => e.Message + e.Check)));
        Assert.DoesNotContain("not-the-hub's-key", app.Process.ReadLog()); // secrets never logged
    }

    [Fact]
    public async Task A_subnet_the_hub_does_not_route_is_reported_as_ts_unacceptable()
    {
        Root.Require();
        await using var app = await TunnelAppliance.StartAsync(Lab, t => t["remoteSubnets"] = new JsonArray("10.9.0.0/24"));
        var refused = await app.WaitForEventAsync("vpn.child.ts-unacceptable", TimeSpan.FromSeconds(30));
        Assert.Equal("hub1", refused.Subject);
        Assert.Contains("10.9.0.0/24", refused.Message + refused.Check);
        var state = await app.StatusAsync();
        Assert.False(state.Hub1()!.Phase2Up);
    }
}
