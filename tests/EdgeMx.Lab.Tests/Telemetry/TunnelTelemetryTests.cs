using System.Text.Json;
using EdgeMx.Testing;
using static EdgeMx.Lab.Tests.Telemetry.TelemetryLabConfig;

namespace EdgeMx.Lab.Tests.Telemetry;

/// <summary>
/// The real appliance with lab.json's tunnel "hub1" up to the lab's strongSwan hub1: what a mosquitto subscriber
/// sees of it in the retained state document (phase 1/2, peer, uplink, SAs with counters and rekeys, the LEDs)
/// and in the metrics document (per-tunnel figures).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class TunnelTelemetryTests(LabFixture fixture)
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private Lab Lab => fixture.Lab;

    [Fact]
    public async Task State_and_metrics_carry_the_tunnel_to_hub1_and_the_leds()
    {
        Root.Require();
        var config = TelemetryLabConfig.Write(Lab);
        await using var sub = await LabSubscriber.StartAsync(Lab, $"{Base}/#");
        await using var appliance = ApplianceProcess.Start(Lab, config.File);
        try
        {
            await sub.WaitForAsync(Availability, p => p == "online", StartDeadline, "availability online");
            var state = await sub.WaitForAsync(State, p => Hub1(p) is { } t && t.GetProperty("phase1Up").GetBoolean() && t.GetProperty("phase2Up").GetBoolean(),
                StartDeadline, "a state snapshot with tunnel hub1 phase 1 and 2 up");
            using (var doc = JsonDocument.Parse(state))
            {
                var tunnel = doc.RootElement.GetProperty("tunnels").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "hub1");
                Assert.False(string.IsNullOrEmpty(tunnel.GetProperty("peer").GetString()), tunnel.ToString());
                Assert.StartsWith("wan", tunnel.GetProperty("uplink").GetString());
                var ike = tunnel.GetProperty("sas").EnumerateArray().Single();
                Assert.Equal("ESTABLISHED", ike.GetProperty("state").GetString(), ignoreCase: true);
                Assert.True(ike.TryGetProperty("rekeys", out _), ike.ToString());
                var child = ike.GetProperty("children").EnumerateArray().First();
                Assert.Equal("INSTALLED", child.GetProperty("state").GetString(), ignoreCase: true);
                Assert.True(child.TryGetProperty("bytesIn", out _), child.ToString());
                Assert.True(child.TryGetProperty("packetsIn", out _), child.ToString());
                var leds = doc.RootElement.GetProperty("leds").EnumerateArray().ToList();
                Assert.NotEmpty(leds);
                Assert.Contains(leds, l => l.GetProperty("name").GetString() == "vpn");
                Assert.All(leds, l => Assert.True(l.TryGetProperty("colour", out _), l.ToString()));
            }
            var metrics = await sub.WaitForAsync(Metrics, p => p.Contains("\"hub1\""), Deadline, "a metrics document with tunnel hub1");
            using (var doc = JsonDocument.Parse(metrics))
                Assert.True(doc.RootElement.GetProperty("tunnels").TryGetProperty("hub1", out _), metrics);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{e.Message}\n--- appliance log (tail)\n{string.Join('\n', appliance.ReadLog().Split('\n').TakeLast(60))}", e);
        }
    }

    private static JsonElement? Hub1(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            if (!doc.RootElement.TryGetProperty("tunnels", out var tunnels)) return null;
            foreach (var t in tunnels.EnumerateArray())
                if (t.GetProperty("name").GetString() == "hub1") return t.Clone();
        }
        catch (JsonException) { }
        return null;
    }
}
