using System.Diagnostics;
using System.Text.Json;
using EdgeMx.Testing;
using static EdgeMx.Lab.Tests.Telemetry.TelemetryLabConfig;

namespace EdgeMx.Lab.Tests.Telemetry;

/// <summary>
/// The real appliance (<c>edgemx run</c> in $P-app with the lab config) publishing to the lab's mosquitto in $P-svc
/// (203.0.113.100:1883, reached over WAN1 through ISP1), watched by mosquitto_sub: what a dashboard sees, the Will
/// after SIGKILL, a 30 s broker outage and an appliance restart during an outage losing nothing.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ApplianceTelemetryTests(LabFixture fixture)
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private Lab Lab => fixture.Lab;

    [Fact]
    public async Task Lab_config_publishes_availability_state_events_metrics_discovery_and_answers_commands()
    {
        Root.Require();
        var config = TelemetryLabConfig.Write(Lab);
        await using var sub = await LabSubscriber.StartAsync(Lab, $"{Base}/#", "homeassistant/#");
        await using var appliance = ApplianceProcess.Start(Lab, config.File);
        try
        {
            await sub.WaitForAsync(Availability, p => p == "online", StartDeadline, "availability online");
            var state = await sub.WaitForAsync(State, p => p.Contains("\"wan1\""), Deadline, "a state snapshot with the uplinks");
            using (var doc = JsonDocument.Parse(state))
            {
                Assert.Equal(DeviceId, doc.RootElement.GetProperty("deviceId").GetString());
                Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("firmwareVersion").GetString()));
                Assert.Equal(2, doc.RootElement.GetProperty("uplinks").GetArrayLength());
            }
            await sub.WaitForAsync(Events, p => Type(p) == "system.start", Deadline, "the system.start event");
            var metrics = await sub.WaitForAsync(Metrics, _ => true, Deadline, "a metrics document");
            Assert.Contains("\"uptime", metrics);
            await Lab.WaitUntilAsync(() => DiscoveryTopics(sub).Count > 0, Deadline, "Home Assistant discovery documents");
            var topic = DiscoveryTopics(sub).First();
            Assert.Matches($"^homeassistant/[a-z_]+/{DeviceId}/[a-z0-9_]+/config$", topic);
            var firstDocument = sub.On(topic).First();
            Assert.Contains($"\"{Availability}\"", firstDocument);

            // Home Assistant restarts: its birth message brings every discovery document again.
            var before = sub.Count(topic);
            await PublishAsync("homeassistant/status", "online");
            await Lab.WaitUntilAsync(() => sub.Count(topic) > before, Deadline, $"{topic} re-sent after homeassistant/status online");

            // Commands, each answered on reply/<command> with the request id.
            await PublishAsync($"{Base}/cmd/run-health-checks", """{"requestId":"hc-1"}""");
            var hc = Reply(await sub.WaitForAsync($"{Base}/reply/run-health-checks", p => p.Contains("\"hc-1\""), Deadline, "the health-check reply"));
            Assert.True(hc.GetProperty("ok").GetBoolean(), hc.ToString());
            Assert.Matches(@"wan1: \d/3 probes ok", hc.GetProperty("result").GetString());
            await sub.WaitForAsync(Events, p => Type(p) == "health-check.requested", Deadline, "the health-check.requested event");

            await PublishAsync($"{Base}/cmd/publish-state", """{"requestId":"ps-1"}""");
            var ps = Reply(await sub.WaitForAsync($"{Base}/reply/publish-state", p => p.Contains("\"ps-1\""), Deadline, "the publish-state reply"));
            Assert.True(ps.GetProperty("ok").GetBoolean(), ps.ToString());
            Assert.StartsWith("state revision", ps.GetProperty("result").GetString());

            await PublishAsync($"{Base}/cmd/reboot-now", """{"requestId":"x-1"}""");
            var unknown = Reply(await sub.WaitForAsync($"{Base}/reply/reboot-now", p => p.Contains("\"x-1\""), Deadline, "the unknown-command reply"));
            Assert.False(unknown.GetProperty("ok").GetBoolean());
            Assert.Contains("unknown command", unknown.GetProperty("error").GetString());

            var before2 = sub.Count($"{Base}/reply/publish-state");
            await PublishAsync($"{Base}/cmd/publish-state", "not json");
            await Lab.WaitUntilAsync(() => sub.Count($"{Base}/reply/publish-state") > before2, Deadline, "the malformed-command reply");
            var malformed = Reply(sub.On($"{Base}/reply/publish-state").Last());
            Assert.False(malformed.GetProperty("ok").GetBoolean());
            Assert.Contains("not the expected JSON", malformed.GetProperty("error").GetString());

            // A clean stop says "offline" itself (not left to the Will).
            Assert.Equal(0, await appliance.StopAsync(TimeSpan.FromSeconds(30)));
            await sub.WaitForAsync(Availability, p => p == "offline", Deadline, "availability offline after SIGTERM");
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{e.Message}\n--- appliance log (tail)\n{Tail(appliance)}", e);
        }
    }

    [Fact]
    public async Task The_will_says_offline_when_the_appliance_is_killed_with_sigkill()
    {
        Root.Require();
        var config = TelemetryLabConfig.Write(Lab);
        await using var sub = await LabSubscriber.StartAsync(Lab, Availability);
        await using var appliance = ApplianceProcess.Start(Lab, config.File);
        await sub.WaitForAsync(Availability, p => p == "online", StartDeadline, "availability online");
        var onlineCount = sub.Count(Availability);
        Assert.Equal(128 + 9, await appliance.KillAsync());
        // The kernel closes the killed process's socket; the broker publishes the Will at once (no keep-alive wait).
        await Lab.WaitUntilAsync(() => sub.Messages().Skip(onlineCount).Any(m => m is { Topic: Availability, Payload: "offline" }),
            TimeSpan.FromSeconds(20), "the Will (offline) after SIGKILL");
        // Retained: a dashboard that connects later sees it too.
        var late = (await Lab.RunAsync("svc", $"mosquitto_sub -h 127.0.0.1 -t {Availability} -C 1 -W 10")).EnsureSuccess();
        Assert.Equal("offline", late.StdOut.Trim());
    }

    [Fact]
    public async Task Broker_stopped_for_30_s_while_events_keep_coming_then_every_event_arrives_in_order()
    {
        Root.Require();
        var config = TelemetryLabConfig.Write(Lab, reconnectMaxDelayMs: 2000);
        var first = await LabSubscriber.StartAsync(Lab, $"{Base}/#");
        await using var appliance = ApplianceProcess.Start(Lab, config.File);
        LabSubscriber? second = null;
        int reloads;
        try
        {
            await first.WaitForAsync(Availability, p => p == "online", StartDeadline, "availability online");
            await first.DisposeAsync();
            await Lab.BrokerStopAsync();
            // 30 s of events while the broker is away: a configuration reload (SIGHUP) every 1.5 s.
            var outage = Stopwatch.StartNew();
            reloads = 0;
            while (outage.Elapsed < TimeSpan.FromSeconds(30))
            {
                reloads++;
                Assert.True(appliance.Process.Hangup());
                await Lab.WaitUntilAsync(() => Applied(appliance) >= reloads, Deadline, $"reload #{reloads} applied");
                await Task.Delay(TimeSpan.FromMilliseconds(1500));
            }
            await BrokerGate.CloseAsync(Lab);
            await Lab.BrokerStartAsync();
            second = await LabSubscriber.StartAsync(Lab, $"{Base}/#");
        }
        finally
        {
            await BrokerGate.OpenAsync(Lab);
            await Lab.BrokerStartAsync();
        }

        await using (second)
        {
            await second.WaitForAsync(Availability, p => p == "online", Deadline, "availability online after the outage");
            // Reload generations 2..reloads+1 (the start is #1).
            await Lab.WaitUntilAsync(() => Generations(second).Count >= reloads, Deadline,
                $"{reloads} reload events queued during the outage", TimeSpan.FromMilliseconds(200));
            Assert.Equal(Enumerable.Range(2, reloads), Generations(second));
            AssertContiguous(second);
            // the outage itself is on record, in its place among the queued events
            Assert.Contains(second.On(Events).Select(Type), t => t is not null && t.StartsWith("telemetry.", StringComparison.Ordinal) && t != "telemetry.connected");
        }
    }

    [Fact]
    public async Task An_appliance_restarted_while_the_broker_is_down_still_delivers_what_it_queued()
    {
        Root.Require();
        var config = TelemetryLabConfig.Write(Lab, reconnectMaxDelayMs: 2000);
        var first = await LabSubscriber.StartAsync(Lab, $"{Base}/#");
        var appliance = ApplianceProcess.Start(Lab, config.File);
        LabSubscriber? second = null;
        try
        {
            await first.WaitForAsync(Availability, p => p == "online", StartDeadline, "availability online");
            await first.DisposeAsync();
            await Lab.BrokerStopAsync();
            for (var i = 1; i <= 3; i++)
            {
                Assert.True(appliance.Process.Hangup());
                await Lab.WaitUntilAsync(() => Applied(appliance) >= i, Deadline, $"reload #{i} applied");
            }
            Assert.Equal(0, await appliance.StopAsync(TimeSpan.FromSeconds(30)));
            await appliance.DisposeAsync();

            var socket = Path.Combine(config.Directory, "control.sock");
            File.Delete(socket);
            appliance = ApplianceProcess.Start(Lab, config.File);
            // SIGHUP before the appliance installed its handler would end it: wait for its control socket (started later).
            await Lab.WaitUntilAsync(() => File.Exists(socket), StartDeadline, "the restarted appliance's control socket");
            for (var i = 1; i <= 2; i++)
            {
                Assert.True(appliance.Process.Hangup());
                await Lab.WaitUntilAsync(() => Applied(appliance) >= i, Deadline, $"reload #{i} after the restart applied");
            }
            await BrokerGate.CloseAsync(Lab);
            await Lab.BrokerStartAsync();
            second = await LabSubscriber.StartAsync(Lab, $"{Base}/#");
        }
        finally
        {
            await BrokerGate.OpenAsync(Lab);
            await Lab.BrokerStartAsync();
        }

        await using (appliance)
        await using (second)
        {
            await second.WaitForAsync(Availability, p => p == "online", Deadline, "availability online after the restart");
            await Lab.WaitUntilAsync(() => Generations(second).Count >= 5, Deadline, "the 5 reload events", TimeSpan.FromMilliseconds(200));
            // three reloads by the first process, two by the second, with its stop and start in between, in order
            Assert.Equal([2, 3, 4, 2, 3], Generations(second));
            var types = second.On(Events).Select(Type).ToList();
            Assert.True(types.IndexOf("system.stop") < types.LastIndexOf("system.start"), string.Join(", ", types));
            AssertContiguous(second);
        }
    }

    // Reloads the appliance has applied: its log lines saying so (a JSON log line repeats the text in its State).
    private static int Applied(ApplianceProcess appliance) =>
        appliance.ReadLog().Split('\n').Count(l => l.Contains("applied; changed sections", StringComparison.Ordinal));

    private static string? Type(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            return doc.RootElement.GetProperty("type").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static JsonElement Reply(string payload) => JsonDocument.Parse(payload).RootElement.Clone();

    private static List<int> Generations(LabSubscriber sub) =>
        sub.On(Events).Select(p => JsonDocument.Parse(p).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "system.config.reloaded")
            .Select(e => int.Parse(e.GetProperty("details").GetProperty("generation").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    // Nothing lost, nothing repeated, nothing reordered: the sequence numbers the subscriber saw go up by one.
    private static void AssertContiguous(LabSubscriber sub)
    {
        var sequences = sub.On(Events).Select(p => JsonDocument.Parse(p).RootElement.GetProperty("sequence").GetInt64()).ToList();
        for (var i = 1; i < sequences.Count; i++)
            Assert.True(sequences[i] == sequences[i - 1] + 1, $"event sequences are not contiguous: {string.Join(", ", sequences)}");
    }

    private static List<string> DiscoveryTopics(LabSubscriber sub) =>
        sub.Messages().Select(m => m.Topic).Where(t => t.StartsWith("homeassistant/", StringComparison.Ordinal) && t.EndsWith("/config", StringComparison.Ordinal))
            .Distinct().ToList();

    private async Task PublishAsync(string topic, string payload) =>
        (await Lab.RunArgsAsync("svc", ["mosquitto_pub", "-h", "127.0.0.1", "-q", "1", "-t", topic, "-m", payload])).EnsureSuccess();

    private static string Tail(ApplianceProcess appliance) => string.Join('\n', appliance.ReadLog().Split('\n').TakeLast(40));
}
