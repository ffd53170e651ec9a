using System.Text;

namespace EdgeMx.Lab.Tests.Tunnels;

/// <summary>One proposal combination hub1 initiates with (its swanctl connection and child are both named <see cref="Name"/>).</summary>
public sealed record HubCombination(string Name, string Ike, string Esp, string ExpectedIke, string ExpectedChild, string? PfsGroup, Wan Path)
{
    /// <summary>Where the hub sends IKE_SA_INIT: the appliance's wan1, or ISP 2's public address (port-forwarded to wan2).</summary>
    public string Target => Path.PublicAddress;
}

/// <summary>
/// hub1 as the initiator towards the appliance: a swanctl config with one connection per <see cref="HubCombination"/>
/// (each offering exactly its IKE and ESP proposal, remote id branch.lab, child 10.1.0.0/24 === 192.168.50.0/24,
/// start_action none), loaded once for the test class that uses it and replaced by the hub's default config after
/// the class (the default's `spokes` must win again for the other tests of the collection).
/// </summary>
public sealed class InitiatingHub : IAsyncLifetime
{
    public static IReadOnlyList<HubCombination> Combinations { get; } =
    [
        new("r0", "aes256gcm16-prfsha256-x25519", "aes256gcm16", "AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519", "AES_GCM_16_256", null, Wan.Wan1),
        new("r1", "aes128gcm16-prfsha256-ecp256", "aes128gcm16-ecp256", "AES_GCM_16_128/PRF_HMAC_SHA2_256/ECP_256", "AES_GCM_16_128", "ECP_256", Wan.Wan1),
        new("r2", "aes256gcm16-prfsha384-ecp384", "aes256gcm16-ecp384", "AES_GCM_16_256/PRF_HMAC_SHA2_384/ECP_384", "AES_GCM_16_256", "ECP_384", Wan.Wan1),
        new("r3", "aes128-sha256-modp2048", "aes128-sha256", "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048", "AES_CBC_128/HMAC_SHA2_256_128", null, Wan.Wan1),
        new("r4", "aes256-sha384-modp3072", "aes256-sha384-modp3072", "AES_CBC_256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/MODP_3072", "AES_CBC_256/HMAC_SHA2_384_192", "MODP_3072", Wan.Wan1),
        new("r5", "aes128-sha1-modp1024", "aes128-sha1-modp1024", "AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024", "AES_CBC_128/HMAC_SHA1_96", "MODP_1024", Wan.Wan1),
        new("r6", "aes256-sha512-x25519", "aes256-sha512-x25519", "AES_CBC_256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/CURVE_25519", "AES_CBC_256/HMAC_SHA2_512_256", "CURVE_25519", Wan.Wan1),
        new("r7", "aes192-sha256-ecp256", "aes192gcm16", "AES_CBC_192/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256", "AES_GCM_16_192", null, Wan.Wan1),
        new("r8", "aes128gcm16-prfsha512-modp2048", "aes256-sha256-modp2048", "AES_GCM_16_128/PRF_HMAC_SHA2_512/MODP_2048", "AES_CBC_256/HMAC_SHA2_256_128", "MODP_2048", Wan.Wan1),
        new("r9", "aes256gcm16-prfsha256-modp3072", "aes128gcm16", "AES_GCM_16_256/PRF_HMAC_SHA2_256/MODP_3072", "AES_GCM_16_128", null, Wan.Wan1),
        // Through ISP 2's NAT (the port-forward of lab.sh forward-ike): AEAD, and CBC+HMAC with PFS.
        new("n0", "aes256gcm16-prfsha256-x25519", "aes256gcm16", "AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519", "AES_GCM_16_256", null, Wan.Wan2),
        new("n1", "aes128-sha256-modp2048", "aes128-sha256-ecp256", "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048", "AES_CBC_128/HMAC_SHA2_256_128", "ECP_256", Wan.Wan2),
    ];

    public static HubCombination Get(string name) => Combinations.Single(c => c.Name == name);

    private Lab? _lab;

    /// <summary>Loads the connections into hub1 unless they already are (another test of the class loaded them).</summary>
    public async Task EnsureLoadedAsync(Lab lab)
    {
        _lab = lab;
        var conns = await lab.SwanctlAsync(Hub.Hub1, "--list-conns");
        if (conns.Succeeded && Combinations.All(c => conns.StdOut.Contains($"{c.Name}: IKEv2", StringComparison.Ordinal))) return;
        var file = Path.Combine(lab.StateDir, "initiating-hub.conf");
        await File.WriteAllTextAsync(file, Render());
        await lab.HubConfigAsync(Hub.Hub1, file);
    }

    /// <summary>The swanctl.conf (lab.sh substitutes @ADDR@, @ID@, @PRIV_NET@, @LAN_NET@, @PSK@).</summary>
    public static string Render()
    {
        var text = new StringBuilder("connections {\n");
        foreach (var c in Combinations)
        {
            text.Append($$"""
                {{c.Name}} {
                    version = 2
                    local_addrs = @ADDR@
                    remote_addrs = {{c.Target}}
                    proposals = {{c.Ike}}
                    send_certreq = no
                    local {
                        auth = psk
                        id = @ID@
                    }
                    remote {
                        auth = psk
                        id = branch.lab
                    }
                    children {
                        {{c.Name}} {
                            local_ts = @PRIV_NET@
                            remote_ts = @LAN_NET@
                            esp_proposals = {{c.Esp}}
                            start_action = none
                            close_action = none
                        }
                    }
                }

            """);
        }
        text.Append("}\n\nsecrets {\n    ike-branch {\n        secret = \"@PSK@\"\n    }\n}\n");
        return text.ToString();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_lab is not null) await _lab.HubConfigDefaultAsync(Hub.Hub1);
    }
}
