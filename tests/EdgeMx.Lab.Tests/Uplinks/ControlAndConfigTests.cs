using System.Net.Sockets;
using System.Text;
using EdgeMx.Appliance.Cli;
using EdgeMx.Appliance.Control;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Uplinks;

/// <summary>Bad input against the real appliance: control-socket garbage, an invalid config at start and on reload.</summary>
[Collection(LabCollection.Name)]
public sealed class ControlAndConfigTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    [Fact]
    public async Task Unknown_and_malformed_control_requests_get_an_error_reply_and_the_appliance_keeps_running()
    {
        Root.Require();
        await using var app = await LabAppliance.StartAsync(Lab);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        string[] bad =
        [
            "hello",
            "{\"type\":\"shutdown\"}",
            "{\"type\":\"status\",\"please\":true}",
            "{\"type\":\"events\",\"max\":-5}",
            "{\"type\":[\"status\"]}",
            "{}",
            "\u0001\u0002\u0003",
        ];
        await using (var client = await ControlClient.ConnectAsync(app.Socket, deadline.Token))
        {
            foreach (var line in bad)
            {
                await client.SendRawAsync(line, deadline.Token);
                var reply = await client.ReceiveAsync(deadline.Token);
                Assert.NotNull(reply);
                Assert.False(reply.Ok, line);
                Assert.Equal("error", reply.Type);
                Assert.False(string.IsNullOrWhiteSpace(reply.Error));
            }
            var status = await client.RequestAsync(new ControlRequest { Type = "status" }, deadline.Token);
            Assert.True(status.Ok); // the same connection still works
        }

        // Raw abuse: a request far over the line limit, and a client that vanishes mid-line.
        using (var raw = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await raw.ConnectAsync(new UnixDomainSocketEndPoint(app.Socket), deadline.Token);
            var flood = Encoding.ASCII.GetBytes(new string('x', 200_000));
            try
            {
                await raw.SendAsync(flood, deadline.Token);
            }
            catch (SocketException)
            {
                // the appliance may close before taking it all
            }
        }
        using (var raw = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await raw.ConnectAsync(new UnixDomainSocketEndPoint(app.Socket), deadline.Token);
            await raw.SendAsync("{\"type\":\"eve"u8.ToArray(), deadline.Token);
        }

        Assert.False(app.Process.HasExited);
        var state = await app.StatusAsync();
        Assert.Equal(2, state.Uplinks.Length);
    }

    [Fact]
    public async Task An_invalid_config_at_start_exits_non_zero_with_every_problem()
    {
        Root.Require();
        var file = Path.Combine(LabAppliance.NewDirectory(Lab), "bad.json");
        await File.WriteAllTextAsync(file, """
            {
              "device": { "id": "lab branch" },
              "uplinks": [
                { "name": "wan1", "interface": "wan9", "addressing": { "mode": "static", "address": "198.51.100.2/24", "gateway": "198.51.101.1" } },
                { "name": "wan1", "interface": "wan2", "addressing": { "mode": "os" } }
              ],
              "monitoring": { "intervalMs": 500, "timeoutMs": 800, "probes": [ { "method": "icmp", "target": "203.0.113.100" } ] }
            }
            """);
        await using var app = ApplianceProcess.Start(Lab, file);
        var exit = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var log = app.ReadLog();

        Assert.Equal(1, exit);
        Assert.Contains("not starting, the configuration is invalid", log);
        Assert.Contains("$.device.id: \"lab branch\" is not a valid device id", log);
        // With the shape right, the meaning is checked: every semantic problem, each at its path, in one report.
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("lab branch", "lab-branch"));
        await using var again = ApplianceProcess.Start(Lab, file);
        Assert.Equal(1, await again.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var report = again.ReadLog();
        Assert.Contains("$.uplinks[0].interface: interface \"wan9\" does not exist on this system", report);
        Assert.Contains("$.uplinks[0].addressing.gateway: gateway 198.51.101.1 is outside 198.51.100.0/24", report);
        Assert.Contains("$.uplinks[1].name: name \"wan1\" is already used", report);
        Assert.Contains("$.monitoring.timeoutMs: probe timeout 800 ms must be shorter than the interval 500 ms", report);
    }

    [Fact]
    public async Task An_invalid_config_on_sighup_is_logged_and_the_old_one_keeps_running()
    {
        Root.Require();
        var directory = LabAppliance.NewDirectory(Lab);
        var file = Path.Combine(directory, "edgemx.json");
        var original = await File.ReadAllTextAsync(LabAppliance.LabConfig);
        await File.WriteAllTextAsync(file, original);
        await using var app = await LabAppliance.StartAsync(Lab, file, directory);
        await app.WaitSteadyOnWan1Async();
        var before = await app.StatusAsync();

        await File.WriteAllTextAsync(file, original.Replace("\"interface\": \"wan2\"", "\"interface\": \"wan7\""));
        Assert.True(app.Process.Reload());
        var rejected = await app.WaitForEventAsync("system.config.rejected", TimeSpan.FromSeconds(10));
        Assert.Contains("SIGHUP", rejected.Message);
        Assert.Contains("$.uplinks[1].interface: interface \"wan7\" does not exist", rejected.Message);
        var after = await app.StatusAsync();
        Assert.Equal(before.Config!.Sha256, after.Config!.Sha256);
        Assert.Equal("wan2", after.Uplinks[1].Interface);
        Assert.Equal(Wan.Wan1.Gateway, await app.DefaultGatewayAsync());

        // A valid change is applied without disturbing traffic.
        await File.WriteAllTextAsync(file, original.Replace("\"failbackHoldMs\": 15000", "\"failbackHoldMs\": 5000"));
        Assert.True(app.Process.Reload());
        var reloaded = await app.WaitForEventAsync("system.config.reloaded", TimeSpan.FromSeconds(10));
        Assert.Contains("changed: uplinkSelection", reloaded.Message);
        var now = await app.WaitStatusAsync(s => s.Config?.Generation == 2, "status to show the reloaded configuration");
        Assert.Equal("wan1", now.ActiveUplink);
        Assert.Equal(0, now.Failovers);
    }
}
