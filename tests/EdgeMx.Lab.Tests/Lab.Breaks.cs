namespace EdgeMx.Lab.Tests;

// Break and mend (lab.sh). Tests of one collection share a lab: mend every break in a finally block.
public sealed partial class Lab
{
    /// <summary>Cable pull: the ISP end goes down, the appliance's port shows NO-CARRIER.</summary>
    public Task LinkDownAsync(Wan wan) => ScriptAsync("link-down", wan.Name);

    public Task LinkUpAsync(Wan wan) => ScriptAsync("link-up", wan.Name);

    /// <summary>The ISP drops everything from and to this WAN; carrier and ARP stay up.</summary>
    public Task BlackholeAsync(Wan wan) => ScriptAsync("blackhole", wan.Name);

    public Task UnblackholeAsync(Wan wan) => ScriptAsync("unblackhole", wan.Name);

    /// <summary>Carrier down for <paramref name="period"/>, up for <paramref name="period"/>, until <see cref="UnflapAsync"/>.</summary>
    public Task FlapAsync(Wan wan, TimeSpan period) =>
        ScriptAsync("flap", wan.Name, period.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Stops flapping and leaves the link up.</summary>
    public Task UnflapAsync(Wan wan) => ScriptAsync("unflap", wan.Name);

    /// <summary>
    /// isp2 forwards UDP 500/4500 arriving at its public address (203.0.113.2) to wan2 (10.0.2.2), like a home
    /// router's port-forward, so a hub can initiate to the appliance behind the NAT. Mend with <see cref="UnforwardIkeAsync"/>.
    /// </summary>
    public Task ForwardIkeAsync() => ScriptAsync("forward-ike");

    public Task UnforwardIkeAsync() => ScriptAsync("unforward-ike");

    public Task HubStopAsync(Hub hub) => ScriptAsync("hub-stop", hub.Number.ToString());

    public Task HubStartAsync(Hub hub) => ScriptAsync("hub-start", hub.Number.ToString());

    /// <summary>
    /// The hub drops all IKE and ESP on its public side, both ways; charon keeps running and keeps its SAs, link and
    /// routing stay up: the hub goes silent for its peers. Mend with <see cref="HubUnsilenceAsync"/>.
    /// </summary>
    public Task HubSilenceAsync(Hub hub) => ScriptAsync("hub-silence", hub.Number.ToString());

    public Task HubUnsilenceAsync(Hub hub) => ScriptAsync("hub-unsilence", hub.Number.ToString());

    /// <summary>Packets a silenced hub dropped on their way in (what its peers kept sending); 0 when not silenced.</summary>
    public async Task<long> HubSilencedInboundAsync(Hub hub)
    {
        var result = await RunAsync(hub.Node, "nft list chain inet lab_hub_silence input");
        if (!result.Succeeded) return 0;
        return System.Text.RegularExpressions.Regex.Matches(result.StdOut, @"counter packets (\d+)")
            .Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Replaces the hub's swanctl.conf with FILE (lab tokens such as @PSK@ substituted) and loads it.</summary>
    public Task HubConfigAsync(Hub hub, string swanctlConfFile) => ScriptAsync("hub-config", hub.Number.ToString(), swanctlConfFile);

    /// <summary>Restores and loads the hub's default configuration (tools/lab/hub/swanctl.conf.in).</summary>
    public Task HubConfigDefaultAsync(Hub hub) => ScriptAsync("hub-config", hub.Number.ToString(), "default");

    /// <summary>swanctl against the hub's vici socket, e.g. <c>SwanctlAsync(Hub.Hub1, "--list-sas", "--raw")</c>.</summary>
    public Task<ProcessResult> SwanctlAsync(Hub hub, params string[] arguments) =>
        TryScriptAsync(DefaultTimeout, CancellationToken.None, ["swanctl", hub.Number.ToString(), .. arguments]);

    /// <summary>The last lines of the hub's charon log (for failure messages).</summary>
    public string HubLogTail(Hub hub, int lines = 40)
    {
        var path = Path.Combine(StateDir, hub.Node, "charon.log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(lines)) : $"({path} does not exist)";
    }

    public Task SetHealthAsync(Hub hub, HealthMode mode) => ScriptAsync("health", hub.Number.ToString(), mode switch
    {
        HealthMode.Ok => "ok",
        HealthMode.Unavailable => "503",
        HealthMode.Hang => "hang",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    });

    public Task BrokerStopAsync() => ScriptAsync("broker-stop");

    public Task BrokerStartAsync() => ScriptAsync("broker-start");
}
