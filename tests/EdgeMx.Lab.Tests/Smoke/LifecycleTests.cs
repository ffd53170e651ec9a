using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Smoke;

/// <summary>`up` is idempotent; `down` leaves nothing behind.</summary>
[Collection(LabCollection.Name)]
public sealed class LifecycleTests(LabFixture fixture)
{
    private static readonly string[] Nodes = ["app", "lan", "isp1", "isp2", "inet", "hub1", "hub1-net", "hub2", "hub2-net", "svc"];

    [Fact]
    public async Task A_second_up_changes_nothing()
    {
        Root.Require();
        var lab = fixture.Lab;
        var before = await SnapshotAsync(lab);
        (await lab.UpAgainAsync()).EnsureSuccess();
        var after = await SnapshotAsync(lab);
        var gone = before.Except(after).ToList();
        var added = after.Except(before).ToList();
        Assert.True(gone.Count == 0 && added.Count == 0,
            $"a second up changed the lab.\n--- before only\n{string.Join('\n', gone)}\n--- after only\n{string.Join('\n', added)}");
    }

    [Fact]
    public async Task Down_leaves_no_namespace_process_or_state()
    {
        Root.Require();
        var lab = await Lab.UpAsync();
        var pids = new List<int>();
        try
        {
            (await lab.UpAgainAsync()).EnsureSuccess();
            // something in every corner: a flap loop, a hung health request, the reference client's charon
            await lab.FlapAsync(Wan.Wan2, TimeSpan.FromSeconds(1));
            await lab.SetHealthAsync(Hub.Hub1, HealthMode.Hang);
            _ = lab.RunAsync("hub1", "curl -s -m 60 http://10.1.0.10/health", TimeSpan.FromSeconds(90));
            await lab.RefClientStartAsync(Wan.Wan1, Hub.Hub1);
            foreach (var node in Nodes) pids.AddRange(await lab.PidsAsync(node));
            Assert.NotEmpty(pids);
        }
        finally
        {
            await lab.DownAsync();
        }

        Assert.Empty(Lab.ExistingNamespaces(lab.Prefix));
        Assert.False(Directory.Exists(lab.StateDir), $"{lab.StateDir} is still there");
        var alive = pids.Where(IsRunning).ToList();
        Assert.True(alive.Count == 0, $"still running after down: {string.Join(", ", alive.Select(Describe))}");

        // down again, and status, on a lab that is gone
        await lab.DownAsync();
        var status = await lab.TryScriptAsync(Lab.DefaultTimeout, CancellationToken.None, "status");
        Assert.Equal(1, status.ExitCode);
        Assert.Contains("not up", status.StdOut);
    }

    // A zombie has ended; it only waits for its reaper (the daemons were reparented to init) to collect it.
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Describe(int pid) => $"{pid} ({ProcessName(pid)})";

    // Everything `up` could touch: links, IPv4 addresses, routes and rules, nftables, processes, the health mode.
    // One line per fact, each tagged with its node, so a difference reads as a list of changed lines.
    private static async Task<List<string>> SnapshotAsync(Lab lab)
    {
        var lines = new List<string>();
        foreach (var node in Nodes)
        {
            var dump = await lab.RunAsync(node,
                "ip -o link show; ip -4 -o addr show; ip -4 route show table all; ip -4 rule show; nft list ruleset; sysctl -n net.ipv4.ip_forward");
            lines.AddRange(dump.EnsureSuccess().StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"{node}: {l}"));
            foreach (var pid in await lab.PidsAsync(node))
                lines.Add($"{node}: pid {pid} {ProcessName(pid)}");
        }
        foreach (var hub in Hub.All)
            lines.Add($"{hub.PrivateNode}: health {File.ResolveLinkTarget(Path.Combine(lab.StateDir, $"{hub.PrivateNode}/health"), false)}");
        return lines;
    }

    private static string ProcessName(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim(); }
        catch (IOException) { return "(gone)"; }
    }
}
