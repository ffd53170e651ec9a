using System.Text;
using System.Text.Json;
using EdgeMx.Core.Events;
using EdgeMx.Core.Health;
using EdgeMx.Core.State;
using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Telemetry;
using EdgeMx.Mqtt.Tests.Broker;
using EdgeMx.Mqtt.Transport;

namespace EdgeMx.Mqtt.Tests.Telemetry;

/// <summary>The topic schema, end to end through a real mosquitto; mosquitto_sub is the dashboard.</summary>
public sealed class TelemetryPublisherTests(ITestOutputHelper output) : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), "edgemx-telemetry-" + Guid.NewGuid().ToString("N")[..10]);

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        if (Directory.Exists(_stateDir)) Directory.Delete(_stateDir, recursive: true);
    }

    private string Port => _broker.Port.ToString();

    private static JsonElement Json(string line) => JsonDocument.Parse(line[(line.IndexOf(' ') + 1)..]).RootElement;

    private static List<string> On(MosquittoSubscriber s, string topic) => s.Lines.Where(l => l.StartsWith(topic + " ", StringComparison.Ordinal)).ToList();

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Availability_state_events_and_metrics_reach_a_dashboard(MqttProtocolVersion version)
    {
        await using var dashboard = await MosquittoSubscriber.StartAsync(_broker, "edgemx/br1/#", "dashboard");
        await using var t = TelemetryHarness.Create(_broker, "br1", _stateDir, output, version: version);
        t.Events.Append(new EventDraft(EventSeverity.Warning, EventCategory.Uplink, "uplink.failover", "WAN1 failed; traffic moved to WAN2")
        {
            Check = "check the cable", Subject = "wan1", Details = new Dictionary<string, string> { ["from"] = "wan1" },
        });
        await t.StartAsync();

        await ProcessRunner.WaitUntilAsync(() => On(dashboard, "edgemx/br1/availability").Contains("edgemx/br1/availability online"), TimeSpan.FromSeconds(10), "online");
        await ProcessRunner.WaitUntilAsync(() => On(dashboard, "edgemx/br1/state").Count >= 1, TimeSpan.FromSeconds(10), "the state");
        await ProcessRunner.WaitUntilAsync(() => On(dashboard, "edgemx/br1/metrics").Count >= 1, TimeSpan.FromSeconds(10), "metrics");
        await ProcessRunner.WaitUntilAsync(() => On(dashboard, "edgemx/br1/events").Any(l => l.Contains("uplink.failover")), TimeSpan.FromSeconds(10), "the event");

        // state: exactly the `status --json` document
        var state = Json(On(dashboard, "edgemx/br1/state")[^1]);
        Assert.Equal("br1", state.GetProperty("deviceId").GetString());
        Assert.Equal("wan1", state.GetProperty("activeUplink").GetString());
        Assert.Equal("degraded", state.GetProperty("uplinks")[1].GetProperty("monitor").GetString());
        Assert.True(state.GetProperty("tunnels")[0].GetProperty("phase2Up").GetBoolean());

        // event: the event-log entry as `events --json` shows it
        var e = Json(On(dashboard, "edgemx/br1/events").First(l => l.Contains("uplink.failover")));
        Assert.Equal(1, e.GetProperty("sequence").GetInt64());
        Assert.Equal("warning", e.GetProperty("severity").GetString());
        Assert.Equal("uplink", e.GetProperty("category").GetString());
        Assert.Equal("check the cable", e.GetProperty("check").GetString());

        // metrics: per uplink, per tunnel, system
        var m = Json(On(dashboard, "edgemx/br1/metrics")[^1]);
        Assert.Equal(12.5, m.GetProperty("uplinks").GetProperty("wan1").GetProperty("latencyMs").GetDouble());
        Assert.Equal(20, m.GetProperty("uplinks").GetProperty("wan2").GetProperty("lossPercent").GetDouble());
        Assert.Equal(2, m.GetProperty("tunnels").GetProperty("hub1").GetProperty("childRekeys").GetInt64());
        Assert.True(m.GetProperty("system").GetProperty("memoryTotalBytes").GetInt64() > 0);
        Assert.True(m.GetProperty("system").TryGetProperty("cpuPercent", out _));
        Assert.True(m.GetProperty("uptimeSeconds").GetDouble() >= 0);

        // the first connection is itself an event, published like any other
        await ProcessRunner.WaitUntilAsync(() => On(dashboard, "edgemx/br1/events").Any(l => l.Contains("telemetry.connected")), TimeSpan.FromSeconds(10), "telemetry.connected");
        Assert.Equal("connected", t.Store.Current.Telemetry!.Connection);

        // A clean stop says offline (v5: DISCONNECT with Will; 3.1.1: the Will's message published by us).
        await t.StopAsync();
        await ProcessRunner.WaitUntilAsync(() => On(dashboard, "edgemx/br1/availability").LastOrDefault() == "edgemx/br1/availability offline",
            TimeSpan.FromSeconds(10), "offline after stop");
    }

    [Fact]
    public async Task State_changes_are_republished_but_rate_limited()
    {
        await using var dashboard = await MosquittoSubscriber.StartAsync(_broker, "edgemx/br2/state", "state-watcher");
        await using var t = TelemetryHarness.Create(_broker, "br2", _stateDir, output);
        await t.StartAsync();
        await ProcessRunner.WaitUntilAsync(() => dashboard.Lines.Count >= 1, TimeSpan.FromSeconds(10), "the first state");
        await Task.Delay(700); // let the start-up publications settle

        var before = dashboard.Lines.Count;
        for (var i = 0; i < 50; i++)
        {
            var n = i;
            t.Store.Update(s => s with { Failovers = n + 1 });
            await Task.Delay(20); // 50 changes over about a second
        }
        await ProcessRunner.WaitUntilAsync(() => Json(dashboard.Lines[^1]).GetProperty("failovers").GetInt64() == 50, TimeSpan.FromSeconds(10), "the final state");
        var published = dashboard.Lines.Count - before;
        output.WriteLine($"50 changes → {published} publications");
        Assert.InRange(published, 2, 5); // 500 ms minimum interval over ~1.2 s, plus the trailing one
    }

    private sealed class FakeHealthChecks : IHealthCheckRunner
    {
        public int Runs;
        public Task<string> RunNowAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Runs);
            return Task.FromResult("wan1: 3/3 probes ok; wan2: 1/3 (timeout)");
        }
    }

    [Fact]
    public async Task Commands_get_replies_and_bad_ones_get_errors()
    {
        var checks = new FakeHealthChecks();
        await using var replies = await MosquittoSubscriber.StartAsync(_broker, "edgemx/br3/reply/#", "replies");
        await using var t = TelemetryHarness.Create(_broker, "br3", _stateDir, output, healthChecks: checks);
        await t.StartAsync();
        await ProcessRunner.WaitUntilAsync(() => t.Publisher.Client?.State == MqttClientState.Connected, TimeSpan.FromSeconds(10), "connected");
        await ProcessRunner.WaitUntilAsync(() => _broker.Log().Contains("edgemx/br3/cmd/+ (QoS 1)"), TimeSpan.FromSeconds(10), "the command subscription");

        void Command(string name, string payload) =>
            ProcessRunner.Run("mosquitto_pub", "-h", "127.0.0.1", "-p", Port, "-q", "1", "-t", $"edgemx/br3/cmd/{name}", "-m", payload);

        Command("publish-state", """{"requestId":"r1"}""");
        Command("run-health-checks", "");
        Command("reboot-the-world", "{}");
        Command("publish-state", "not json");
        Command("publish-state", "[1,2]");
        await replies.WaitForLinesAsync(5, TimeSpan.FromSeconds(10));

        var byOrder = replies.Lines.Select(l => (Topic: l[..l.IndexOf(' ')], Body: Json(l))).ToList();
        Assert.Equal("edgemx/br3/reply/publish-state", byOrder[0].Topic);
        Assert.True(byOrder[0].Body.GetProperty("ok").GetBoolean());
        Assert.Equal("r1", byOrder[0].Body.GetProperty("requestId").GetString());

        Assert.Equal("edgemx/br3/reply/run-health-checks", byOrder[1].Topic);
        Assert.True(byOrder[1].Body.GetProperty("ok").GetBoolean());
        Assert.Contains("wan2: 1/3", byOrder[1].Body.GetProperty("result").GetString());
        Assert.Equal(1, checks.Runs);

        Assert.Equal("edgemx/br3/reply/reboot-the-world", byOrder[2].Topic);
        Assert.False(byOrder[2].Body.GetProperty("ok").GetBoolean());
        Assert.Contains("unknown command 'reboot-the-world'", byOrder[2].Body.GetProperty("error").GetString());

        Assert.All(byOrder.Skip(3), r => Assert.False(r.Body.GetProperty("ok").GetBoolean()));
        Assert.All(byOrder.Skip(3), r => Assert.Contains("JSON", r.Body.GetProperty("error").GetString()));
        Assert.Contains(t.Events.Read(), e => e.Type == "health-check.requested");
    }

    [Fact]
    public async Task A_v5_request_gets_its_reply_on_its_response_topic_with_its_correlation_data()
    {
        await using var t = TelemetryHarness.Create(_broker, "br4", _stateDir, output);
        await t.StartAsync();
        await using var requester = TestClient.Create(_broker, "requester", output);
        requester.Client.Start();
        await requester.WaitConnectedAsync();
        await requester.Client.SubscribeAsync([new MqttSubscription { TopicFilter = "ops/replies/7", MaximumQos = MqttQos.AtLeastOnce }]);
        await ProcessRunner.WaitUntilAsync(() => _broker.Log().Contains("edgemx/br4/cmd/+ (QoS 1)"), TimeSpan.FromSeconds(10), "the command subscription");

        await requester.Client.PublishAsync(new MqttApplicationMessage
        {
            Topic = "edgemx/br4/cmd/publish-state", Qos = MqttQos.AtLeastOnce, ResponseTopic = "ops/replies/7", CorrelationData = [7, 7, 7],
        });
        await ProcessRunner.WaitUntilAsync(() => requester.Received.Count >= 1, TimeSpan.FromSeconds(10), "the reply");
        var reply = requester.Received[0];
        Assert.Equal([7, 7, 7], reply.CorrelationData);
        Assert.Equal("application/json", reply.ContentType);
        Assert.True(JsonDocument.Parse(reply.Payload).RootElement.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Home_assistant_discovery_is_retained_and_resent_when_home_assistant_comes_online()
    {
        await using var t = TelemetryHarness.Create(_broker, "br5", _stateDir, output);
        await t.StartAsync();
        await ProcessRunner.WaitUntilAsync(() => _broker.Log().Contains("homeassistant/status (QoS 1)"), TimeSpan.FromSeconds(10), "the HA status subscription");

        // A Home Assistant that starts later finds everything retained.
        await ProcessRunner.WaitUntilAsync(() => RetainedDiscovery().Count >= 17, TimeSpan.FromSeconds(10), "retained discovery");
        var retained = RetainedDiscovery();
        Assert.Equal(17, retained.Count); // active uplink, 4 per uplink × 2, 1 tunnel, 5 system sensors, 2 buttons
        Assert.Contains(retained, l => l.StartsWith("homeassistant/binary_sensor/br5/hub1_tunnel/config {", StringComparison.Ordinal));
        var latency = Json(retained.Single(l => l.StartsWith("homeassistant/sensor/br5/wan1_latency/config", StringComparison.Ordinal)));
        Assert.Equal("edgemx/br5/availability", latency.GetProperty("availability_topic").GetString());

        await using var ha = await MosquittoSubscriber.StartAsync(_broker, "homeassistant/+/br5/+/config", "home-assistant", "-R"); // -R: skip retained
        ProcessRunner.Run("mosquitto_pub", "-h", "127.0.0.1", "-p", Port, "-q", "1", "-t", "homeassistant/status", "-m", "online");
        await ha.WaitForLinesAsync(retained.Count, TimeSpan.FromSeconds(10));

        // A tunnel goes away (config reload): its entity is deleted with an empty retained config.
        t.Store.Update(s => s with { Tunnels = [] });
        await ProcessRunner.WaitUntilAsync(() => !RetainedDiscovery().Any(l => l.Contains("hub1_tunnel")), TimeSpan.FromSeconds(10), "the tunnel entity removed");

        List<string> RetainedDiscovery() =>
            ProcessRunner.RunAllowing([0, 27], "mosquitto_sub", "-h", "127.0.0.1", "-p", Port, "-t", "homeassistant/+/br5/+/config", "-v", "--retained-only", "-W", "1")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    [Fact]
    public async Task Events_resume_after_a_restart_without_loss_or_repeats()
    {
        await using var dashboard = await MosquittoSubscriber.StartAsync(_broker, "edgemx/br6/events", "events-watcher", "-c");
        await using (var first = TelemetryHarness.Create(_broker, "br6", _stateDir, output))
        {
            await first.StartAsync();
            for (var i = 1; i <= 5; i++) first.Events.Append(new EventDraft(EventSeverity.Info, EventCategory.System, "test.before", $"before {i}"));
            await ProcessRunner.WaitUntilAsync(() => dashboard.Lines.Count(l => l.Contains("test.before")) == 5, TimeSpan.FromSeconds(10), "five events");
            await first.StopAsync();
            // Logged while telemetry is down (the appliance restarting): must come out after the restart.
            for (var i = 1; i <= 3; i++) first.Events.Append(new EventDraft(EventSeverity.Info, EventCategory.System, "test.between", $"between {i}"));
        }

        await using var second = TelemetryHarness.Create(_broker, "br6", _stateDir, output); // same journal, same queue
        await second.StartAsync();
        await ProcessRunner.WaitUntilAsync(() => dashboard.Lines.Count(l => l.Contains("test.between")) == 3, TimeSpan.FromSeconds(10), "the three events");
        await Task.Delay(500);
        var sequences = dashboard.Lines.Select(l => Json(l).GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Distinct().Count(), sequences.Count); // nothing published twice
        Assert.Equal(sequences.Order(), sequences);                   // in order
        Assert.Equal(Enumerable.Range(1, (int)sequences[^1]).Select(i => (long)i), sequences); // no gap
    }

    [Fact]
    public async Task A_full_offline_queue_drops_the_oldest_counts_them_and_says_so_in_an_event()
    {
        // A dashboard with a persistent session, so it gets what the broker receives while it is away from it.
        await using var dashboard = await MosquittoSubscriber.StartAsync(_broker, "edgemx/br10/events", "overflow-watcher", "-c");
        await _broker.StopAsync();
        await using var t = TelemetryHarness.Create(_broker, "br10", _stateDir, output,
            s => s with { Queue = s.Queue with { MaxMessages = 20 } });
        await t.StartAsync();
        for (var i = 1; i <= 60; i++) t.Events.Append(new EventDraft(EventSeverity.Info, EventCategory.System, "test.outage", $"during the outage {i}"));
        await ProcessRunner.WaitUntilAsync(() => t.Events.Read().Any(e => e.Type == "telemetry.queue-overflow"), TimeSpan.FromSeconds(10), "the overflow event");
        await ProcessRunner.WaitUntilAsync(() => t.Store.Current.Telemetry?.DroppedMessages > 0, TimeSpan.FromSeconds(10), "the dropped count in the state");
        Assert.Single(t.Events.Read(), e => e.Type == "telemetry.queue-overflow"); // once per outage, not once per drop

        await _broker.StartAgainAsync();
        var last = t.Events.LastSequence;
        await ProcessRunner.WaitUntilAsync(() => dashboard.Lines.Any(l => Json(l).GetProperty("sequence").GetInt64() >= last),
            TimeSpan.FromSeconds(20), "the newest event at the dashboard");
        var seen = dashboard.Lines.Select(l => Json(l)).ToList();
        var sequences = seen.Select(e => e.GetProperty("sequence").GetInt64()).Distinct().ToList();
        // The newest 20 (the queue's bound) came through, contiguous and in order, the overflow event among them;
        // the oldest were dropped.
        Assert.True(sequences.Count <= 25, $"{sequences.Count} events delivered from a 20-message queue");
        Assert.Equal(Enumerable.Range((int)sequences[0], sequences.Count).Select(i => (long)i), sequences);
        Assert.True(sequences[0] > 1, "the oldest events were dropped");
        Assert.Contains(seen, e => e.GetProperty("type").GetString() == "telemetry.queue-overflow");
        // The reconnect event says how many were lost.
        await ProcessRunner.WaitUntilAsync(() => t.Events.Read().Any(e => e.Type == "telemetry.connected" && e.Details?.ContainsKey("dropped") == true),
            TimeSpan.FromSeconds(10), "telemetry.connected with the dropped count");
    }

    [Fact]
    public async Task Broker_trouble_becomes_telemetry_events_saying_what_to_check()
    {
        await using var t = TelemetryHarness.Create(_broker, "br7", _stateDir, output);
        await t.StartAsync();
        await ProcessRunner.WaitUntilAsync(() => t.Publisher.Client?.State == MqttClientState.Connected, TimeSpan.FromSeconds(10), "connected");

        await _broker.StopAsync();
        await ProcessRunner.WaitUntilAsync(() => t.TelemetryEvents().Any(e => e.Type == "telemetry.broker-unreachable"), TimeSpan.FromSeconds(10), "an unreachable event");
        await Task.Delay(1500); // several more failed attempts
        Assert.Single(t.TelemetryEvents(), e => e.Type == "telemetry.broker-unreachable"); // one event, not one per retry
        Assert.Single(t.TelemetryEvents(), e => e.Type == "telemetry.connection-lost");
        var unreachable = t.TelemetryEvents().Single(e => e.Type == "telemetry.broker-unreachable");
        Assert.Contains("listening", unreachable.Check);
        Assert.Equal($"127.0.0.1:{_broker.Port}", unreachable.Subject);
        Assert.NotEqual("connected", t.Store.Current.Telemetry!.Connection);
        Assert.NotNull(t.Store.Current.Telemetry!.LastProblem);

        await _broker.StartAgainAsync();
        await ProcessRunner.WaitUntilAsync(() => t.TelemetryEvents().Count(e => e.Type == "telemetry.connected") == 2, TimeSpan.FromSeconds(10), "connected again");
        Assert.Contains("failed attempt", t.TelemetryEvents().Last(e => e.Type == "telemetry.connected").Message);
        await ProcessRunner.WaitUntilAsync(() => t.Store.Current.Telemetry!.Connection == "connected", TimeSpan.FromSeconds(5), "status connected");
        Assert.Null(t.Store.Current.Telemetry!.LastProblem);
    }

    [Theory]
    [InlineData("5.0")]
    [InlineData("3.1.1")]
    public async Task A_tls_broker_with_password_auth_configured_in_the_telemetry_section_gets_everything(string protocolVersion)
    {
        // The production shape: TLS verified against a CA made at test time, user name + password from a root-only
        // file, all written as an operator writes the `telemetry` section and read through the appliance's loader.
        const string password = "Tls-Pass-0f-br9";
        await using var secured = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Tls = true, Users = new Dictionary<string, string> { ["br9"] = password } });
        Directory.CreateDirectory(_stateDir);
        var passwordFile = Path.Combine(_stateDir, "mqtt.password");
        File.WriteAllText(passwordFile, password + "\n");
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var loaded = EdgeMx.Core.Configuration.ConfigLoader.CreateDefault(interfaces: null).LoadText($$"""
            {
              "device": { "id": "br9" },
              "uplinks": [ { "name": "wan1", "interface": "eth0", "addressing": { "mode": "os" } } ],
              "telemetry": {
                "broker": { "host": "127.0.0.1", "port": {{secured.Port}}, "caFile": "{{secured.Certificates!.CaFile}}" },
                "protocolVersion": "{{protocolVersion}}", "username": "br9", "passwordFile": "{{passwordFile}}",
                "offlineQueue": { "path": "{{Path.Combine(_stateDir, "mqtt")}}" }
              }
            }
            """, "tls.json", _stateDir);
        Assert.True(loaded.IsValid, loaded.Format());
        var fromConfig = TelemetrySettings.FromConfig(loaded.Config!)!;
        Assert.Equal(MqttTransportSecurity.Tls, fromConfig.Client.Security);
        Assert.Null(fromConfig.Client.Password); // read from the file only when connecting

        await using var dashboard = await MosquittoSubscriber.StartAsync(secured, "edgemx/br9/#", "tls-dashboard",
            "--cafile", secured.Certificates.CaFile, "-u", "br9", "-P", password);
        await using var t = TelemetryHarness.Create(secured, "br9", _stateDir, output,
            s => fromConfig with
            {
                // Test pacing and a fast reconnect; everything about the broker, TLS and credentials is the config's.
                StateMinInterval = s.StateMinInterval, MetricsInterval = s.MetricsInterval,
                Queue = fromConfig.Queue with { SyncWrites = false },
                Client = fromConfig.Client with { ReconnectInitialDelay = s.Client.ReconnectInitialDelay, ReconnectMaximumDelay = s.Client.ReconnectMaximumDelay },
            });
        t.Events.Append(new EventDraft(EventSeverity.Notice, EventCategory.System, "system.start", "started"));
        await t.StartAsync();

        await ProcessRunner.WaitUntilAsync(() => On(dashboard, "edgemx/br9/availability").Contains("edgemx/br9/availability online"), TimeSpan.FromSeconds(15),
            $"online over TLS (last problem: {t.Store.Current.Telemetry?.LastProblem})");
        await ProcessRunner.WaitUntilAsync(() => On(dashboard, "edgemx/br9/state").Count >= 1, TimeSpan.FromSeconds(10), "the state over TLS");
        await ProcessRunner.WaitUntilAsync(() => On(dashboard, "edgemx/br9/events").Any(l => l.Contains("system.start")), TimeSpan.FromSeconds(10), "the event over TLS");
        Assert.Contains("New client connected", secured.Log());
        Assert.Contains("u'br9'", secured.Log()); // authenticated as the configured user
        // The password is nowhere in what the appliance shows or keeps.
        var shown = JsonSerializer.Serialize(t.Events.Read(), EdgeMx.Core.Serialization.CoreJsonContext.Default.ListApplianceEvent)
                    + JsonSerializer.Serialize(t.Store.Current, EdgeMx.Core.Serialization.CoreJsonContext.Default.ApplianceState)
                    + fromConfig + t.Settings.Client;
        Assert.DoesNotContain(password, shown);
    }

    [Fact]
    public async Task Refused_credentials_are_an_error_event()
    {
        await using var secured = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Users = new Dictionary<string, string> { ["br8"] = "right" } });
        var passwordFile = Path.Combine(_stateDir, "mqtt.pass");
        Directory.CreateDirectory(_stateDir);
        File.WriteAllText(passwordFile, "Wr0ng-Secret\n");
        await using var t = TelemetryHarness.Create(secured, "br8", _stateDir, output,
            s => s with { PasswordFile = passwordFile, Client = s.Client with { UserName = "br8" } });
        await t.StartAsync();
        await ProcessRunner.WaitUntilAsync(() => t.TelemetryEvents().Any(e => e.Type == "telemetry.auth-refused"), TimeSpan.FromSeconds(10), "auth-refused");
        var e = t.TelemetryEvents().Single(x => x.Type == "telemetry.auth-refused");
        Assert.Equal(EventSeverity.Error, e.Severity);
        Assert.DoesNotContain("Wr0ng", JsonSerializer.Serialize(t.Events.Read(), EdgeMx.Core.Serialization.CoreJsonContext.Default.ListApplianceEvent));
    }
}
