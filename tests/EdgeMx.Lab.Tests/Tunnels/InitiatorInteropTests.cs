using System.Text.Json.Nodes;
using EdgeMx.Core.State;
using EdgeMx.Lab.Tests.Uplinks;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Tunnels;

/// <summary>
/// EdgeMx as the IKEv2 initiator towards the lab's real strongSwan hub1 (tools/lab/hub/swanctl.conf.in accepts every
/// combination below): one proposal combination per case, AEAD and non-AEAD, every DH group of issue 3 (2, 14, 15,
/// 19, 20, 31). Each case is checked three ways: the appliance's status (IKE_SA ESTABLISHED, CHILD_SA INSTALLED),
/// the hub's own view (`swanctl --list-sas` names the negotiated algorithms) and traffic (LAN client → 10.1.0.10).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class InitiatorInteropTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    [Theory]
    // ike proposal, esp proposal, what strongSwan's --list-sas shows for the IKE_SA, and for the CHILD_SA.
    [InlineData("aes256gcm16-prfsha256-x25519", "aes256gcm16", "AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519", "AES_GCM_16-256")]
    [InlineData("aes128-sha256-modp2048", "aes128-sha256", "AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048", "AES_CBC-128/HMAC_SHA2_256_128")]
    [InlineData("aes128-sha1-modp1024", "aes128-sha1", "AES_CBC-128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024", "AES_CBC-128/HMAC_SHA1_96")]
    [InlineData("aes256-sha384-modp3072", "aes256-sha384", "AES_CBC-256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/MODP_3072", "AES_CBC-256/HMAC_SHA2_384_192")]
    [InlineData("aes128gcm16-prfsha256-ecp256", "aes128gcm16", "AES_GCM_16-128/PRF_HMAC_SHA2_256/ECP_256", "AES_GCM_16-128")]
    [InlineData("aes256gcm16-prfsha384-ecp384", "aes256gcm16", "AES_GCM_16-256/PRF_HMAC_SHA2_384/ECP_384", "AES_GCM_16-256")]
    [InlineData("aes192-sha512-ecp384", "aes192-sha512", "AES_CBC-192/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/ECP_384", "AES_CBC-192/HMAC_SHA2_512_256")]
    [InlineData("aes256-sha256-x25519", "aes256-sha256", "AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519", "AES_CBC-256/HMAC_SHA2_256_128")]
    [InlineData("aes256gcm16-prfsha512-modp2048", "aes128gcm16-modp2048", "AES_GCM_16-256/PRF_HMAC_SHA2_512/MODP_2048", "AES_GCM_16-128")]
    [InlineData("aes128-sha512-ecp256", "aes256gcm16-x25519", "AES_CBC-128/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/ECP_256", "AES_GCM_16-256")]
    public async Task EdgeMx_initiator_establishes_with_strongSwan_and_carries_traffic(string ike, string esp, string hubIke, string hubEsp)
    {
        Root.Require();
        var directory = LabAppliance.NewDirectory(Lab);
        var config = LabConfigFile.Write(Lab, directory, root =>
        {
            var tunnel = root["tunnels"]![0]!.AsObject();
            tunnel["ikeProposals"] = ike;
            tunnel["espProposals"] = esp;
        });
        await using var app = await LabAppliance.StartAsync(Lab, config, directory);

        var state = await app.WaitStatusAsync(s => s.Tunnels.Any(t => t.Name == "hub1" && t.Phase1Up && t.Phase2Up),
            $"tunnel hub1 up with {ike} / {esp}", TimeSpan.FromSeconds(30));
        var sa = Assert.Single(state.Tunnels.Single(t => t.Name == "hub1").Sas);
        Assert.Equal("ESTABLISHED", sa.State);
        Assert.True(sa.Initiator);
        Assert.Equal(Hub.Hub1.PublicAddress, sa.Remote.Split(':')[0]);
        var child = Assert.Single(sa.Children);
        Assert.Equal("INSTALLED", child.State);

        // The hub's own account of the SA: the same SPIs and the algorithms we asked for.
        var hub = (await Lab.ScriptAsync("swanctl", "1", "--list-sas")).StdOut;
        var spiI = sa.SpiI.Replace("0x", "", StringComparison.Ordinal).ToLowerInvariant().PadLeft(16, '0');
        Assert.True(hub.Contains("ESTABLISHED", StringComparison.Ordinal) && hub.Contains(hubIke, StringComparison.Ordinal)
            && hub.Contains(hubEsp, StringComparison.Ordinal) && hub.Contains(spiI + "_i", StringComparison.Ordinal),
            $"hub1 does not list the SA {spiI}_i with {hubIke} / {hubEsp}:\n{hub}");

        // The hub's subnet is reachable from the LAN only through the tunnel (ConnectivityTests).
        await Lab.WaitUntilSucceedsAsync("lan", $"ping -c 1 -W 1 {Hub.Hub1.HealthAddress}", TimeSpan.FromSeconds(10));
    }
}
