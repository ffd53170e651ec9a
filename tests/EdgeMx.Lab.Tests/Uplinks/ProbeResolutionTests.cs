using System.Text.Json.Nodes;
using EdgeMx.Core.State;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Uplinks;

/// <summary>
/// HTTP probes of a host NAME resolve it through their own uplink (bound to its device, sourced from its address):
/// wan1 with its configured dnsServers, wan2 with the server of its own DNS probe. The lab's DNS server (dnsmasq in
/// $P-svc, log-queries) sees each query arrive from that uplink's side: 198.51.100.2 for wan1, ISP 2's NAT address
/// 203.0.113.2 for wan2. A black-holed wan1 fails its resolution while wan2's keeps working.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ProbeResolutionTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    private static string Config()
    {
        var config = JsonNode.Parse(File.ReadAllText(LabAppliance.LabConfig))!.AsObject();
        config["monitoring"]!["probes"] = new JsonArray(new JsonObject { ["method"] = "http", ["url"] = "http://probe.lab/health" });
        var uplinks = config["uplinks"]!.AsArray();
        uplinks[0]!["dnsServers"] = new JsonArray("203.0.113.100");
        uplinks[1]!["monitoring"] = new JsonObject
        {
            ["probes"] = new JsonArray(
                new JsonObject { ["method"] = "http", ["url"] = "http://probe.lab/health" },
                new JsonObject { ["method"] = "dns", ["server"] = "203.0.113.100", ["name"] = "hub1.lab" }),
        };
        return config.ToJsonString();
    }

    [Fact]
    public async Task Http_probe_host_names_resolve_through_their_own_uplink()
    {
        Root.Require();
        var directory = LabAppliance.NewDirectory(Lab);
        var file = Path.Combine(directory, "by-name.json");
        await File.WriteAllTextAsync(file, Config());
        var dnsLog = Path.Combine(Lab.StateDir, "svc", "dnsmasq.log");

        await using var app = await LabAppliance.StartAsync(Lab, file, directory);
        await app.WaitSteadyOnWan1Async();
        var state = await app.StatusAsync();
        foreach (var uplink in state.Uplinks)
        {
            var http = uplink.Probes.Single(p => p.Method == "http");
            Assert.Equal((true, "http://probe.lab/health"), (http.LastSuccess, http.Target));
        }
        await Lab.WaitUntilAsync(() =>
        {
            var log = File.Exists(dnsLog) ? File.ReadAllText(dnsLog) : "";
            return log.Contains("[A] probe.lab from 198.51.100.2", StringComparison.Ordinal)
                && log.Contains("[A] probe.lab from 203.0.113.2", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10), "dnsmasq to log probe.lab queries from both uplinks");

        try
        {
            await Lab.BlackholeAsync(Wan.Wan1);
            var during = await app.WaitStatusAsync(s => s.Uplinks[0].Monitor == MonitorStatus.Failed && s.ActiveUplink == "wan2",
                "wan1 to fail while black-holed and wan2 to take over", TimeSpan.FromSeconds(15));
            var wan1 = during.Uplinks.Single(u => u.Name == "wan1").Probes.Single();
            Assert.False(wan1.LastSuccess);
            // Its resolution went out of wan1 and got nothing back - it did not borrow wan2 (now the default route).
            Assert.Contains("cannot resolve probe.lab", wan1.LastFailure);
            Assert.Contains("dev wan1", wan1.LastFailure);
            Assert.Equal("wan2", during.ActiveUplink);
            var wan2 = during.Uplinks.Single(u => u.Name == "wan2");
            Assert.Equal(MonitorStatus.Up, wan2.Monitor);
            Assert.True(wan2.Probes.Single(p => p.Method == "http").LastSuccess);
        }
        finally
        {
            await Lab.UnblackholeAsync(Wan.Wan1);
        }
    }
}
