using EdgeMx.Core.Configuration;
using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Core.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private static readonly FakeInterfaces LabInterfaces = new("lo", "wan1", "wan2", "lan0");

    private static ConfigLoadResult Load(string json, IInterfaceInventory? interfaces = null) =>
        ConfigLoader.CreateDefault(interfaces ?? LabInterfaces).LoadText(json, "test.json", Path.GetTempPath());

    [Fact]
    public void The_lab_config_is_valid_and_reads_into_the_model()
    {
        var result = ConfigLoader.CreateDefault(LabInterfaces).LoadFile(RepositoryPaths.File("board-configs", "appliance", "lab.json"));

        Assert.True(result.IsValid, result.Format());
        Assert.Empty(result.Problems);
        var config = result.Config!;
        Assert.Equal("lab-branch", config.Device.Id);
        Assert.Equal(["wan1", "wan2"], config.Uplinks.Select(u => u.Name));
        Assert.Equal("198.51.100.2/24", config.Uplinks[0].Addressing.Address);
        Assert.Equal(AddressingConfig.Os, config.Uplinks[1].Addressing.Mode);
        Assert.Equal("wan1", config.UplinkSelection.Primary);
        Assert.Equal(15_000, config.UplinkSelection.FailbackHoldMs);
        var s = MonitoringConfig.Resolve(config.Monitoring, config.Uplinks[0].Monitoring);
        Assert.Equal(TimeSpan.FromSeconds(1), s.Interval);
        Assert.Equal(3, s.FailureThreshold);
        Assert.Equal(["icmp", "http", "dns"], s.Probes.Select(p => p.Method));
        Assert.Equal(64, result.Sha256!.Length);
    }

    [Fact]
    public void The_raspberry_pi_example_is_valid_on_its_board()
    {
        var result = ConfigLoader.CreateDefault(new FakeInterfaces("lo", "eth0", "eth1", "eth2"))
            .LoadFile(RepositoryPaths.File("board-configs", "appliance", "rpi4-branch.json"));

        Assert.True(result.IsValid, result.Format());
        var lte = MonitoringConfig.Resolve(result.Config!.Monitoring, result.Config.Uplinks[1].Monitoring);
        Assert.Equal(TimeSpan.FromSeconds(2), lte.Interval);   // the uplink's override
        Assert.Equal(5, lte.RecoveryThreshold);                // inherited from the global section
        Assert.Equal(TimeSpan.FromMilliseconds(400), lte.DegradedLatency);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_path()
    {
        const string json = """
        {
          "device": { "id": "Branch_1" },
          "lan": [ { "name": "lan", "interface": "lan0", "address": "10.0.2.1/24" } ],
          "uplinks": [
            { "name": "wan1", "interface": "wan9", "addressing": { "mode": "static", "address": "198.51.100.2/24", "gateway": "198.51.101.1" } },
            { "name": "wan1", "interface": "wan2", "addressing": { "mode": "static", "address": "10.0.2.2/16", "gateway": "10.0.2.1" }, "routeTable": 101 },
            { "name": "wan3", "interface": "wan2", "addressing": { "mode": "dhcp" } }
          ],
          "uplinkSelection": { "primary": "wan7", "failbackHoldMs": "15s" },
          "monitoring": {
            "intervalMs": 1000, "timeoutMs": 1000, "failureThreshold": 0,
            "probes": [ { "method": "icmp", "target": "203.0.113.300" }, { "method": "tcp", "target": "x" } ]
          },
          "controlSocket": { "path": "relative.sock" },
          "telemetry": {}
        }
        """;
        var result = Load(json);
        var report = result.Format();

        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        void Has(string path, string fragment) =>
            Assert.True(result.Problems.Any(p => p.Path == path && p.Message.Contains(fragment, StringComparison.Ordinal)),
                $"expected a problem at {path} containing \"{fragment}\" in:\n{report}");

        Has("$.device.id", "is not a valid device id");
        Has("$.uplinks[2].addressing.mode", "\"dhcp\" is not one of \"static\", \"os\"");
        Has("$.uplinkSelection.failbackHoldMs", "expected an integer, got the string \"15s\"");
        Has("$.monitoring.failureThreshold", "below the minimum 1");
        Has("$.monitoring.probes[0].target", "is not a valid IPv4 address");
        Has("$.monitoring.probes[1].method", "\"tcp\" is not one of \"icmp\", \"http\", \"dns\"");
        Has("$.controlSocket.path", "is not a valid absolute file path");
        Has("$.telemetry.broker", "is required but missing");
        // The values of the wrong type are left out of the typed model, so the meaning of everything else is still
        // checked in the same report:
        Has("$.uplinks[0].interface", "interface \"wan9\" does not exist on this system");
        Has("$.uplinks[0].addressing.gateway", "is outside 198.51.100.0/24");
        Has("$.uplinks[1].name", "name \"wan1\" is already used at $.uplinks[0].name");
        Has("$.uplinks[1].routeTable", "route table 101 is already used");
        Has("$.uplinks[2].interface", "interface \"wan2\" is already used");
        Has("$.lan[0].address", "overlaps 10.0.0.0/16");
        Has("$.uplinkSelection.primary", "uplink \"wan7\" is not defined");
        Has("$.monitoring.timeoutMs", "must be shorter than the interval");
        Assert.Equal(18, result.ErrorCount);
    }

    [Fact]
    public void A_wrong_type_inside_an_array_element_drops_that_array_from_the_typed_checks_only()
    {
        var result = Load("""
        {
          "device": { "id": "b" },
          "lan": [ "lan0" ],
          "uplinks": [ { "name": "wan1", "interface": "wan9", "addressing": { "mode": "os" } } ],
          "monitoring": { "probes": [ { "method": "icmp", "target": "203.0.113.100" } ] }
        }
        """);
        Assert.Contains(result.Problems, p => p.Path == "$.lan[0]" && p.Message.StartsWith("expected an object"));
        Assert.Contains(result.Problems, p => p.Path == "$.uplinks[0].interface" && p.Source == "semantic");
    }

    [Fact]
    public void Duplicate_keys_with_a_wrong_type_are_reported_without_crashing()
    {
        var result = Load("""{ "device": { "id": "b", "id": 5 }, "uplinks": [ { "name": "wan1", "interface": "wan1", "addressing": { "mode": "os" } } ] }""");
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == "$.device.id" && p.Message.Contains("more than once"));
    }

    [Fact]
    public void Semantic_problems_are_all_reported_once_the_shape_is_right()
    {
        const string json = """
        {
          "device": { "id": "branch-1" },
          "lan": [ { "name": "lan", "interface": "lan0", "address": "10.0.2.1/24" } ],
          "uplinks": [
            { "name": "wan1", "interface": "wan9", "addressing": { "mode": "static", "address": "198.51.100.2/24", "gateway": "198.51.101.1" } },
            { "name": "wan1", "interface": "wan2", "addressing": { "mode": "static", "address": "10.0.2.2/16", "gateway": "10.0.2.1" }, "routeTable": 101 },
            { "name": "wan3", "interface": "wan2", "addressing": { "mode": "static", "address": "10.0.2.0/24", "gateway": "10.0.2.0" } }
          ],
          "uplinkSelection": { "primary": "wan7" },
          "monitoring": {
            "intervalMs": 1000, "timeoutMs": 1000,
            "degraded": { "latencyMs": 2000 },
            "probes": [ { "method": "icmp", "target": "203.0.113.100" } ]
          },
          "eventLog": { "path": "/run/edgemx/control.sock" }
        }
        """;
        var result = Load(json);
        var report = result.Format();
        void Has(string path, string fragment, ConfigProblemSeverity severity = ConfigProblemSeverity.Error) =>
            Assert.True(result.Problems.Any(p => p.Path == path && p.Severity == severity && p.Message.Contains(fragment, StringComparison.Ordinal)),
                $"expected a problem at {path} containing \"{fragment}\" in:\n{report}");

        Has("$.uplinks[0].interface", "interface \"wan9\" does not exist on this system (present: lo, wan1, wan2, lan0)");
        Has("$.uplinks[0].addressing.gateway", "gateway 198.51.101.1 is outside 198.51.100.0/24");
        Has("$.uplinks[1].name", "name \"wan1\" is already used at $.uplinks[0].name");
        Has("$.uplinks[1].routeTable", "route table 101 is already used by $.uplinks[0] (by default)");
        Has("$.uplinks[2].interface", "interface \"wan2\" is already used at $.uplinks[1].interface");
        Has("$.uplinks[2].addressing.address", "is the subnet's own address");
        Has("$.uplinks[2].addressing.address", "overlaps 10.0.0.0/16 at $.uplinks[1].addressing.address");
        Has("$.lan[0].address", "subnet 10.0.2.0/24 overlaps 10.0.0.0/16 at $.uplinks[1].addressing.address");
        Has("$.lan[0].address", "subnet 10.0.2.0/24 is the same as at $.uplinks[2].addressing.address");
        Has("$.uplinkSelection.primary", "uplink \"wan7\" is not defined; defined uplinks: wan1, wan1, wan3");
        Has("$.monitoring.timeoutMs", "probe timeout 1000 ms must be shorter than the interval 1000 ms");
        Has("$.monitoring.degraded", "can never be reported", ConfigProblemSeverity.Warning);
        Has("$.eventLog.path", "is the same file as the control socket");
        Assert.All(result.Problems, p => Assert.Equal("semantic", p.Source));
    }

    [Fact]
    public void A_per_uplink_override_is_blamed_where_it_was_written()
    {
        const string json = """
        {
          "device": { "id": "b" },
          "uplinks": [ { "name": "wan1", "interface": "wan1", "addressing": { "mode": "os" }, "monitoring": { "timeoutMs": 5000 } } ],
          "monitoring": { "probes": [ { "method": "icmp", "target": "203.0.113.100" } ] }
        }
        """;
        var p = Assert.Single(Load(json).Problems);
        Assert.Equal("$.uplinks[0].monitoring.timeoutMs", p.Path);
    }

    [Fact]
    public void An_uplink_without_probes_is_a_warning_not_an_error()
    {
        var result = Load("""{ "device": { "id": "b" }, "uplinks": [ { "name": "wan1", "interface": "wan1", "addressing": { "mode": "os" } } ] }""");
        Assert.True(result.IsValid);
        var p = Assert.Single(result.Problems);
        Assert.Equal((ConfigProblemSeverity.Warning, "$.monitoring.probes"), (p.Severity, p.Path));
        Assert.Contains("only carrier loss", p.Message);
    }

    [Fact]
    public void Interface_checks_are_skipped_without_an_inventory()
    {
        var result = ConfigLoader.CreateDefault(interfaces: null).LoadFile(RepositoryPaths.File("board-configs", "appliance", "rpi4-branch.json"));
        Assert.True(result.IsValid, result.Format());
    }

    [Fact]
    public void Broken_json_is_reported_with_line_and_column()
    {
        var result = Load("{\n  \"device\": { \"id\": \"b\" },\n  \"uplinks\": [ }\n}");
        var p = Assert.Single(result.Problems);
        Assert.Equal(("$", "syntax"), (p.Path, p.Source));
        Assert.Contains("line 3", p.Message);
    }

    [Fact]
    public void Comments_are_allowed_in_the_file()
    {
        var result = Load("""
        // branch 1
        { "device": { "id": "b" }, /* wan */ "uplinks": [ { "name": "wan1", "interface": "wan1", "addressing": { "mode": "os" } } ] }
        """);
        Assert.True(result.IsValid, result.Format());
    }

    [Fact]
    public void A_missing_file_a_directory_and_an_oversized_file_are_reported_not_thrown()
    {
        var loader = ConfigLoader.CreateDefault(LabInterfaces);
        Assert.Contains("does not exist", Assert.Single(loader.LoadFile("/nonexistent/edgemx.json").Problems).Message);
        Assert.Contains("is a directory", Assert.Single(loader.LoadFile(Path.GetTempPath()).Problems).Message);
        var big = Path.GetTempFileName();
        try
        {
            File.WriteAllText(big, new string(' ', ConfigLoader.MaxDocumentBytes + 1));
            Assert.Contains("at most", Assert.Single(loader.LoadFile(big).Problems).Message);
        }
        finally
        {
            File.Delete(big);
        }
    }

    [Fact]
    public void The_report_reads_as_a_summary_then_one_line_per_problem()
    {
        var text = Load("""{ "device": { "id": "b" }, "uplinks": [], "bogus": 1 }""").Format();
        var lines = text.Split('\n');
        Assert.Equal("test.json: invalid, 2 errors", lines[0]);
        Assert.Equal("  error   $.uplinks: must have at least one entry", lines[1]);
        Assert.StartsWith("  error   $.bogus: unknown property", lines[2]);
    }

    [Fact]
    public void Uplink_dns_servers_are_read_and_bad_ones_reported_at_their_path()
    {
        const string good = """
        {
          "device": { "id": "b1" },
          "uplinks": [ { "name": "wan1", "interface": "wan1", "addressing": { "mode": "os" }, "dnsServers": [ "198.51.100.53", "9.9.9.9" ] } ]
        }
        """;
        var ok = Load(good);
        Assert.True(ok.IsValid, ok.Format());
        Assert.Equal(["198.51.100.53", "9.9.9.9"], ok.Config!.Uplinks[0].DnsServers!);

        const string bad = """
        {
          "device": { "id": "b1" },
          "uplinks": [
            { "name": "wan1", "interface": "wan1", "addressing": { "mode": "os" }, "dnsServers": [ "198.51.100.530" ] },
            { "name": "wan2", "interface": "wan2", "addressing": { "mode": "os" }, "dnsServers": [ "9.9.9.9", "9.9.9.9" ] },
            { "name": "wan3", "interface": "lan0", "addressing": { "mode": "os" }, "dnsServers": [ "1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4" ] }
          ]
        }
        """;
        var report = Load(bad);
        Assert.False(report.IsValid);
        var paths = report.Problems.Select(p => p.Path).ToList();
        Assert.Contains("$.uplinks[0].dnsServers[0]", paths);
        Assert.Contains(paths, p => p.StartsWith("$.uplinks[1].dnsServers", StringComparison.Ordinal));
        Assert.Contains("$.uplinks[2].dnsServers", paths);
    }
}
