using EdgeMx.Core.Configuration;

namespace EdgeMx.Core.Tests.Configuration;

/// <summary>The `tunnels` section: schema and semantic checks report every problem with its JSON path.</summary>
public sealed class TunnelsConfigTests : IDisposable
{
    private static readonly FakeInterfaces LabInterfaces = new("lo", "wan1", "wan2", "lan0");
    private readonly string _dir = Directory.CreateTempSubdirectory("emx-tunnels-").FullName;

    private string Psk(string name = "hub1.psk", UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "Kx9-psk-value\n");
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private ConfigLoadResult Load(string tunnels) => ConfigLoader.CreateDefault(LabInterfaces).LoadText($$"""
        {
          "device": { "id": "t" },
          "uplinks": [ { "name": "wan1", "interface": "wan1", "addressing": { "mode": "static", "address": "198.51.100.2/24", "gateway": "198.51.100.1" } } ],
          "tunnels": {{tunnels}}
        }
        """, "test.json", _dir);

    [Fact]
    public void A_complete_tunnel_reads_into_the_model()
    {
        var result = Load($$"""
            [ { "name": "hub1", "peer": "hub1.lab", "localId": { "type": "ipv4", "value": "198.51.100.2" },
                "remoteId": { "type": "keyId", "value": "hub-one" }, "pskFile": "{{Psk()}}",
                "ikeProposals": "aes128-sha256-modp2048", "espProposals": "aes128gcm16-esn",
                "localSubnets": ["192.168.50.0/24"], "remoteSubnets": ["10.1.0.0/24", "10.9.0.0/16"],
                "ikeLifetimeSeconds": 3600, "dpd": { "mode": "periodic", "delaySeconds": 10, "action": "clear" },
                "forceEncapsulation": true, "redirect": { "maxRedirects": 3, "windowSeconds": 60 },
                "retransmit": { "timeoutMs": 1000, "base": 1.5, "tries": 3 }, "startAction": "initiate" } ]
            """);
        Assert.True(result.IsValid, result.Format());
        Assert.DoesNotContain(result.Problems, p => p.Path.StartsWith("$.tunnels", StringComparison.Ordinal));
        var t = Assert.Single(result.Config!.Tunnels);
        Assert.Equal("hub1.lab", t.Peer);
        Assert.Equal("keyId", t.RemoteId!.Type);
        Assert.Equal(["10.1.0.0/24", "10.9.0.0/16"], t.RemoteSubnets);
        Assert.Equal(1.5, t.Retransmit.Base);
        Assert.True(t.ForceEncapsulation);
        Assert.Equal(28_800, t.ChildLifetimeSeconds); // seed 001's default
        Assert.Equal("onDemand", new EdgeMx.Core.Configuration.Model.TunnelDpdConfig().Mode);
    }

    [Fact]
    public void Tunnels_fail_closed_unless_told_otherwise_and_turning_it_off_is_pointed_out()
    {
        var result = Load($$"""
            [ { "name": "hub1", "peer": "203.0.113.11", "localId": { "type": "fqdn", "value": "b" }, "pskFile": "{{Psk()}}",
                "localSubnets": ["192.168.50.0/24"], "remoteSubnets": ["10.1.0.0/24"] },
              { "name": "hub2", "peer": "203.0.113.12", "localId": { "type": "fqdn", "value": "b" }, "pskFile": "{{Psk()}}",
                "localSubnets": ["192.168.50.0/24"], "remoteSubnets": ["10.2.0.0/24"], "failClosed": false },
              { "name": "hub3", "peer": "203.0.113.13", "localId": { "type": "fqdn", "value": "b" }, "pskFile": "{{Psk()}}",
                "localSubnets": ["192.168.50.0/24"], "remoteSubnets": ["10.3.0.0/24", "0.0.0.0/0"] } ]
            """);
        Assert.True(result.IsValid, result.Format());
        Assert.True(result.Config!.Tunnels[0].FailClosed);
        Assert.False(result.Config.Tunnels[1].FailClosed);
        Assert.DoesNotContain(result.Problems, p => p.Path.StartsWith("$.tunnels[0]", StringComparison.Ordinal));
        var off = Assert.Single(result.Problems, p => p.Path == "$.tunnels[1].failClosed");
        Assert.Equal(ConfigProblemSeverity.Warning, off.Severity);
        Assert.Contains("unencrypted", off.Message, StringComparison.Ordinal);
        var full = Assert.Single(result.Problems, p => p.Path == "$.tunnels[2].remoteSubnets[1]");
        Assert.Contains("cannot be guarded", full.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_closed_is_a_boolean()
    {
        var result = Load($$"""
            [ { "name": "hub1", "peer": "203.0.113.11", "localId": { "type": "fqdn", "value": "b" }, "pskFile": "{{Psk()}}",
                "localSubnets": ["192.168.50.0/24"], "remoteSubnets": ["10.1.0.0/24"], "failClosed": "no" } ]
            """);
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == "$.tunnels[0].failClosed");
    }

    [Fact]
    public void Every_problem_is_reported_with_its_path()
    {
        var result = Load($$"""
            [ { "name": "hub1", "localId": { "type": "ipv4", "value": "branch.lab" }, "pskFile": "{{Psk("open.psk", UnixFileMode.UserRead | UnixFileMode.OtherRead)}}",
                "localSubnets": ["192.168.50.1/24"], "remoteSubnets": ["10.1.0.0/24"], "dpd": { "retrySeconds": 10, "timeoutSeconds": 5 } },
              { "name": "hub1", "startAction": "listen", "localId": { "type": "fqdn", "value": "b" }, "pskFile": "{{_dir}}/missing.psk",
                "localSubnets": ["192.168.50.0/24"], "remoteSubnets": ["10.2.0.0/24"], "ikeProposals": "AES 128", "dpd": { "action": "explode" } } ]
            """);
        Assert.False(result.IsValid);
        var text = result.Format();
        Assert.Contains(result.Problems, p => p.Path == "$.tunnels[0].peer" && p.Message.Contains("initiate", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Path == "$.tunnels[0].localId.value" && p.Message.Contains("not an IPv4 address", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Path == "$.tunnels[0].pskFile" && p.Message.Contains("chmod 600", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Path == "$.tunnels[0].dpd.timeoutSeconds");
        Assert.Contains(result.Problems, p => p.Path == "$.tunnels[0].localSubnets[0]" && p.Severity == ConfigProblemSeverity.Warning);
        Assert.Contains(result.Problems, p => p.Path == "$.tunnels[1].ikeProposals");
        Assert.Contains(result.Problems, p => p.Path == "$.tunnels[1].dpd.action");
        Assert.DoesNotContain("Kx9-psk-value", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_names_and_a_missing_PSK_file()
    {
        var result = Load($$"""
            [ { "name": "hub1", "peer": "203.0.113.11", "localId": { "type": "fqdn", "value": "b" }, "pskFile": "{{_dir}}/later.psk",
                "localSubnets": ["192.168.50.0/24"], "remoteSubnets": ["10.1.0.0/24"] },
              { "name": "hub1", "peer": "203.0.113.12", "localId": { "type": "fqdn", "value": "b" }, "pskFile": "{{Psk()}}",
                "localSubnets": ["192.168.50.0/24"], "remoteSubnets": ["10.2.0.0/24"] } ]
            """);
        Assert.Contains(result.Problems, p => p.Path == "$.tunnels[1].name" && p.Severity == ConfigProblemSeverity.Error);
        var missing = Assert.Single(result.Problems, p => p.Path == "$.tunnels[0].pskFile");
        Assert.Equal(ConfigProblemSeverity.Warning, missing.Severity);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
