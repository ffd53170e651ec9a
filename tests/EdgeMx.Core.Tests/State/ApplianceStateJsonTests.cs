using System.Text.Json;
using EdgeMx.Core.Events;
using EdgeMx.Core.Serialization;
using EdgeMx.Core.State;

namespace EdgeMx.Core.Tests.State;

/// <summary>`status --json` is a documented, stable document: these names are a contract.</summary>
public sealed class ApplianceStateJsonTests
{
    [Fact]
    public void The_state_document_uses_the_documented_names_and_enum_strings()
    {
        var state = new ApplianceState
        {
            DeviceId = "branch-1",
            FirmwareVersion = "0.1.0",
            ActiveUplink = "wan1",
            Uplinks =
            [
                new UplinkState
                {
                    Name = "wan1", Interface = "eth0", Primary = true, Link = LinkStatus.Up, Monitor = MonitorStatus.Degraded,
                    Role = UplinkRole.Active, Address = "198.51.100.2/24", Gateway = "198.51.100.1", LatencyMs = 12.5, LossPercent = 20,
                    Counters = new UplinkCounters { ProbesSent = 10, ProbesFailed = 2 },
                },
            ],
        };
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(state, CoreJsonContext.Default.ApplianceState));
        var root = doc.RootElement;
        Assert.Equal("branch-1", root.GetProperty("deviceId").GetString());
        Assert.Equal("wan1", root.GetProperty("activeUplink").GetString());
        var wan1 = root.GetProperty("uplinks")[0];
        Assert.Equal("up", wan1.GetProperty("link").GetString());
        Assert.Equal("degraded", wan1.GetProperty("monitor").GetString());
        Assert.Equal("active", wan1.GetProperty("role").GetString());
        Assert.True(wan1.GetProperty("primary").GetBoolean());
        Assert.Equal(12.5, wan1.GetProperty("latencyMs").GetDouble());
        Assert.Equal(2, wan1.GetProperty("counters").GetProperty("probesFailed").GetInt64());

        var back = JsonSerializer.Deserialize(root.GetRawText(), CoreJsonContext.Default.ApplianceState)!;
        Assert.Equal(state.Uplinks[0] with { Probes = [] }, back.Uplinks[0] with { Probes = [] });
    }

    [Fact]
    public void Events_serialize_severity_and_category_as_lower_case_words()
    {
        var e = new ApplianceEvent(7, DateTimeOffset.UnixEpoch, EventSeverity.Warning, EventCategory.HealthCheck, "health-check.failed",
            "m", "c", "hub1", new Dictionary<string, string> { ["url"] = "http://10.1.0.10/health" });
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(e, CoreJsonContext.Default.ApplianceEvent));
        Assert.Equal("warning", doc.RootElement.GetProperty("severity").GetString());
        Assert.Equal("health-check", doc.RootElement.GetProperty("category").GetString());
        Assert.Equal(7, doc.RootElement.GetProperty("sequence").GetInt64());
    }
}
