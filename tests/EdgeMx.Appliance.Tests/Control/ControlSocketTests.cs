using System.Net.Sockets;
using EdgeMx.Appliance.Cli;
using EdgeMx.Appliance.Control;
using EdgeMx.Appliance.Hosting;
using EdgeMx.Appliance.Tests.Uplinks;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Core.Configuration;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Appliance.Tests.Control;

/// <summary>The real control socket server on a Unix socket in a temp directory, talked to with the CLI's client.</summary>
public sealed class ControlSocketTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemx-ctl-").FullName;
    private readonly EventLog _events = new(new EventLogOptions(), TimeProvider.System);
    private readonly ApplianceStateStore _state = new(new ApplianceState { DeviceId = "branch-7", FirmwareVersion = "0.1.0" }, TimeProvider.System);
    private ControlSocketServer _server = null!;
    private UplinkController _controller = null!;
    private string _configFile = null!;

    private string SocketPath => Path.Combine(_dir, "run", "control.sock");

    public async Task InitializeAsync()
    {
        _configFile = Path.Combine(_dir, "edgemx.json");
        await File.WriteAllTextAsync(_configFile, """
            { "device": { "id": "branch-7" },
              "uplinks": [ { "name": "wan1", "interface": "lo", "addressing": { "mode": "os", "gateway": "127.0.0.254" } } ] }
            """);
        var loader = ConfigLoader.CreateDefault(new FakeInterfaces("lo"));
        var loaded = loader.LoadFile(_configFile);
        Assert.True(loaded.IsValid, loaded.Format());
        _controller = new UplinkController(new FakeRouter(), _events, _state, TimeProvider.System, NullLogger<UplinkController>.Instance);
        var config = new ConfigService(_configFile, loaded, loader, _controller, _events, _state, TimeProvider.System, NullLogger<ConfigService>.Instance);
        var handler = new ControlRequestHandler(_state, _events, config, TimeProvider.System);
        _server = new ControlSocketServer(SocketPath, handler, NullLogger<ControlSocketServer>.Instance);
        await _server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        _server.Dispose();
        _controller.Dispose();
        _events.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(Deadline).Token;

    private async Task<ControlResponse> Raw(ControlClient client, string line)
    {
        await client.SendRawAsync(line, Timeout());
        return (await client.ReceiveAsync(Timeout()))!;
    }

    [Fact]
    public void The_socket_is_root_only_in_a_root_only_directory()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(SocketPath)!));
    }

    [Fact]
    public async Task Status_returns_the_state_document()
    {
        await using var client = await ControlClient.ConnectAsync(SocketPath, Timeout());
        var r = await client.RequestAsync(new ControlRequest { Type = "status" }, Timeout());
        Assert.True(r.Ok);
        Assert.Equal("branch-7", r.State!.DeviceId);
    }

    [Theory]
    [InlineData("this is not json", "malformed request")]
    [InlineData("{\"type\":", "malformed request")]
    [InlineData("[1,2,3]", "malformed request")]
    [InlineData("null", "malformed request (null)")]
    [InlineData("{}", "the request has no \"type\"")]
    [InlineData("{\"type\":\"reboot\"}", "unknown request type \"reboot\"; expected one of status, events, validate, reload")]
    [InlineData("{\"type\":\"status\",\"colour\":\"red\"}", "malformed request")]
    [InlineData("{\"type\":\"status\",\"follow\":true}", "\"follow\" is not valid in a \"status\" request")]
    [InlineData("{\"type\":\"events\",\"max\":0}", "\"max\" must be between 1 and 10000")]
    [InlineData("{\"type\":\"events\",\"since\":\"yesterday\"}", "malformed request")]
    [InlineData("{\"type\":\"validate\"}", "needs \"path\"")]
    [InlineData("{\"type\":5}", "malformed request")]
    public async Task Bad_requests_get_an_error_answer_and_the_connection_keeps_working(string line, string error)
    {
        await using var client = await ControlClient.ConnectAsync(SocketPath, Timeout());
        var r = await Raw(client, line);
        Assert.False(r.Ok);
        Assert.Equal("error", r.Type);
        Assert.Contains(error, r.Error);

        var after = await client.RequestAsync(new ControlRequest { Type = "status" }, Timeout());
        Assert.True(after.Ok);
    }

    [Fact]
    public async Task An_oversized_request_is_refused_and_only_that_connection_is_closed()
    {
        await using (var client = await ControlClient.ConnectAsync(SocketPath, Timeout()))
        {
            var r = await Raw(client, "{\"type\":\"status\",\"x\":\"" + new string('a', LineChannel.MaxLineBytes + 10) + "\"}");
            Assert.False(r.Ok);
            Assert.Contains("request too long", r.Error);
            Assert.Null(await client.ReceiveAsync(Timeout()));
        }
        await using var next = await ControlClient.ConnectAsync(SocketPath, Timeout());
        Assert.True((await next.RequestAsync(new ControlRequest { Type = "status" }, Timeout())).Ok);
    }

    [Fact]
    public async Task A_client_that_hangs_up_mid_request_does_not_hurt_the_server()
    {
        using (var raw = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await raw.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
            await raw.SendAsync("{\"type\":\"sta"u8.ToArray());
        }
        await using var client = await ControlClient.ConnectAsync(SocketPath, Timeout());
        Assert.True((await client.RequestAsync(new ControlRequest { Type = "status" }, Timeout())).Ok);
    }

    [Fact]
    public async Task Events_list_the_newest_entries_then_end()
    {
        for (var i = 1; i <= 5; i++) _events.Append(new EventDraft(EventSeverity.Info, EventCategory.Uplink, "uplink.test", $"m{i}"));
        await using var client = await ControlClient.ConnectAsync(SocketPath, Timeout());
        var got = new List<ControlResponse>();
        await foreach (var r in client.StreamAsync(new ControlRequest { Type = "events", Max = 2 }, Timeout())) got.Add(r);

        Assert.Equal(["event", "event", "end"], got.Select(r => r.Type));
        Assert.Equal(["m4", "m5"], got.Take(2).Select(r => r.Event!.Message));
        Assert.Equal(2, got[2].Count);
    }

    [Fact]
    public async Task Events_follow_streams_new_entries_until_the_client_hangs_up()
    {
        _events.Append(new EventDraft(EventSeverity.Info, EventCategory.Uplink, "uplink.test", "before"));
        var client = await ControlClient.ConnectAsync(SocketPath, Timeout());
        var seen = new List<string>();
        await using (client)
        {
            await foreach (var r in client.StreamAsync(new ControlRequest { Type = "events", Follow = true }, Timeout()))
            {
                seen.Add(r.Event!.Message);
                if (seen.Count == 1) _events.Append(new EventDraft(EventSeverity.Warning, EventCategory.Uplink, "uplink.test", "live"));
                if (seen.Count == 2) break;
            }
        }
        Assert.Equal(["before", "live"], seen);
        await using var next = await ControlClient.ConnectAsync(SocketPath, Timeout());
        Assert.True((await next.RequestAsync(new ControlRequest { Type = "status" }, Timeout())).Ok);
    }

    [Fact]
    public async Task Validate_reports_every_problem_of_the_named_file()
    {
        var bad = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(bad, """{ "device": { "id": "x" }, "uplinks": [ { "name": "wan1", "interface": "eth9", "addressing": { "mode": "os" } } ], "colour": 1 }""");
        await using var client = await ControlClient.ConnectAsync(SocketPath, Timeout());
        var r = await client.RequestAsync(new ControlRequest { Type = "validate", Path = bad }, Timeout());

        Assert.True(r.Ok);
        Assert.False(r.Report!.Valid);
        Assert.Contains(r.Report.Problems, p => p.Path == "$.colour");
        Assert.StartsWith($"{bad}: invalid", r.Report.Text);
    }

    [Fact]
    public async Task Reload_of_an_invalid_file_keeps_the_running_configuration_and_logs_the_report()
    {
        await File.WriteAllTextAsync(_configFile, """{ "device": { "id": "x" }, "uplinks": [] }""");
        await using var client = await ControlClient.ConnectAsync(SocketPath, Timeout());
        var r = await client.RequestAsync(new ControlRequest { Type = "reload" }, Timeout());

        Assert.True(r.Ok);
        Assert.False(r.Applied);
        var rejected = _events.Read().Single(e => e.Type == "system.config.rejected");
        Assert.Contains("$.uplinks: must have at least one entry", rejected.Message);
        Assert.Contains("edgemx config validate", rejected.Check);
    }

    [Fact]
    public async Task Reload_of_a_valid_file_applies_it_and_says_what_changed()
    {
        await File.WriteAllTextAsync(_configFile, """
            { "device": { "id": "branch-7", "name": "renamed" },
              "uplinks": [ { "name": "wan1", "interface": "lo", "addressing": { "mode": "os", "gateway": "127.0.0.254" } } ] }
            """);
        await using var client = await ControlClient.ConnectAsync(SocketPath, Timeout());
        var r = await client.RequestAsync(new ControlRequest { Type = "reload" }, Timeout());

        Assert.True(r.Applied);
        var reloaded = _events.Read().Single(e => e.Type == "system.config.reloaded");
        Assert.Contains("changed: device", reloaded.Message);
        Assert.Equal(2, _state.Current.Config!.Generation);
    }

    [Fact]
    public async Task A_reload_says_which_changed_sections_wait_for_a_restart()
    {
        // The board's LED panel and crypto providers, the LAN source address and the device id are read at start.
        await File.WriteAllTextAsync(_configFile, """
            { "device": { "id": "branch-8" }, "board": "lab",
              "uplinks": [ { "name": "wan1", "interface": "lo", "addressing": { "mode": "os", "gateway": "127.0.0.254" } } ] }
            """);
        await using var client = await ControlClient.ConnectAsync(SocketPath, Timeout());
        var r = await client.RequestAsync(new ControlRequest { Type = "reload" }, Timeout());

        Assert.True(r.Applied, r.Report?.Text);
        var reloaded = _events.Read().Single(e => e.Type == "system.config.reloaded");
        Assert.Contains("changed: device, board", reloaded.Message);
        Assert.Equal("board and device.id take effect only after a restart of the appliance.", reloaded.Check);
        // Live sections are not in the list; a LAN change is.
        var same = new Core.Configuration.Model.ApplianceConfig { Device = new() { Id = "b" } };
        Assert.Equal(["lan", "board"], ConfigService.NeedRestart(same, same, ["lan", "board", "uplinks", "monitoring", "tunnels"]));
    }

    [Theory]
    [InlineData("/dev/zero", "is a character device")]
    [InlineData("/dev", "is a directory")]
    public async Task Validating_a_device_or_a_directory_answers_at_once_and_the_appliance_carries_on(string path, string words)
    {
        // /dev/zero reports length 0 and never ends: read whole, it would take the appliance's memory with it.
        await using var client = await ControlClient.ConnectAsync(SocketPath, Timeout());
        var r = await client.RequestAsync(new ControlRequest { Type = "validate", Path = path }, Timeout());
        Assert.False(r.Report!.Valid);
        Assert.Contains(words, Assert.Single(r.Report.Problems).Message);
        Assert.True((await client.RequestAsync(new ControlRequest { Type = "status" }, Timeout())).Ok);
    }

    [Fact]
    public async Task A_flood_of_idle_connections_is_capped_and_the_socket_serves_again_once_they_go()
    {
        // 100 clients that connect and say nothing: at most MaxClients are served, the rest get an error and are
        // closed; none of it stops the server, and once they hang up a new client is answered.
        var sockets = new List<Socket>();
        async Task<Socket> RawConnectAsync()
        {
            for (var attempt = 0; ; attempt++)
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), Timeout());
                    return s;
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain && attempt < 100)
                {
                    s.Dispose();
                    await Task.Delay(20);
                }
            }
        }
        try
        {
            for (var i = 0; i < 100; i++)
            {
                sockets.Add(await RawConnectAsync()); // a full listen queue refuses with EAGAIN for a moment: retry
            }
            // A served client gets nothing until it asks; a refused one gets one error line and end of stream. All
            // are read at once, with one deadline (a loaded machine may take its time with the refusals).
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            var replies = await Task.WhenAll(sockets.Select(async s =>
            {
                var buffer = new byte[4096];
                try
                {
                    var n = await s.ReceiveAsync(buffer, SocketFlags.None, wait.Token);
                    return System.Text.Encoding.UTF8.GetString(buffer, 0, n);
                }
                catch (OperationCanceledException)
                {
                    return "";
                }
            }));
            var refused = replies.Count(r => r.Contains("too many control connections", StringComparison.Ordinal));
            Assert.Equal(100 - ControlSocketServer.MaxClients, refused);
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }
        // The served ones are let go as their hang-ups are read; then the socket answers again.
        ControlResponse? answer = null;
        for (var attempt = 0; attempt < 50 && answer is not { Ok: true }; attempt++)
        {
            if (attempt > 0) await Task.Delay(100);
            await using var client = await ControlClient.ConnectAsync(SocketPath, Timeout());
            answer = await client.RequestAsync(new ControlRequest { Type = "status" }, Timeout());
        }
        Assert.True(answer is { Ok: true }, answer?.Error);
    }

    [Fact]
    public async Task A_second_server_refuses_to_take_over_a_live_socket()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ControlSocketServer.Bind(SocketPath));
        Assert.Contains("already running", e.Message);
        await using var client = await ControlClient.ConnectAsync(SocketPath, Timeout());
        Assert.True((await client.RequestAsync(new ControlRequest { Type = "status" }, Timeout())).Ok);
    }

    [Fact]
    public async Task The_client_explains_a_missing_appliance()
    {
        var e = await Assert.ThrowsAsync<ControlUnavailableException>(() => ControlClient.ConnectAsync(Path.Combine(_dir, "none.sock"), Timeout()));
        Assert.Contains("no appliance is running", e.Message);
    }
}
