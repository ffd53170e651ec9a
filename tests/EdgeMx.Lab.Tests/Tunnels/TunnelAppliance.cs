using System.Text.Json.Nodes;
using EdgeMx.Core.State;
using EdgeMx.Lab.Tests.Uplinks;

namespace EdgeMx.Lab.Tests.Tunnels;

/// <summary>
/// The real appliance with lab.json's tunnel to hub1 (PSK paths fitted to the test lab), optionally with other
/// proposals, subnets or uplink; helpers to wait for the tunnel and to send traffic through it from the LAN client.
/// </summary>
internal static class TunnelAppliance
{
    public static readonly TimeSpan UpDeadline = TimeSpan.FromSeconds(40);

    public static async Task<LabAppliance> StartAsync(Lab lab, Action<JsonObject>? tunnel = null, Action<JsonObject>? root = null)
    {
        var directory = LabAppliance.NewDirectory(lab);
        var config = LabConfigFile.Write(lab, directory, r =>
        {
            r.Remove("telemetry"); // not what these tests are about; keeps each run lean
            tunnel?.Invoke(r["tunnels"]![0]!.AsObject());
            root?.Invoke(r);
        });
        return await LabAppliance.StartAsync(lab, config, directory);
    }

    public static TunnelState? Hub1(this ApplianceState state) => state.Tunnels.FirstOrDefault(t => t.Name == "hub1");

    /// <summary>Waits for an ESTABLISHED IKE_SA of tunnel hub1 with an INSTALLED CHILD_SA.</summary>
    public static async Task<IkeSaStatus> WaitUpAsync(this LabAppliance app, TimeSpan? deadline = null)
    {
        var state = await app.WaitStatusAsync(s => s.Hub1() is { Phase1Up: true, Phase2Up: true },
            "tunnel hub1 up (IKE_SA ESTABLISHED, CHILD_SA INSTALLED)", deadline ?? UpDeadline);
        return state.Hub1()!.Sas.First(s => s.State == "ESTABLISHED" && s.Children.Any(c => c.State == "INSTALLED"));
    }

    /// <summary>
    /// Waits for tunnel hub1 up from <paramref name="wan"/>'s address (the appliance may first bring it up from another
    /// uplink while the monitors decide, then move it).
    /// </summary>
    public static async Task<IkeSaStatus> WaitUpOverAsync(this LabAppliance app, Wan wan, TimeSpan? deadline = null)
    {
        static IkeSaStatus? Over(ApplianceState s, Wan wan) => s.Hub1() is { Phase1Up: true, Phase2Up: true } t
            ? t.Sas.FirstOrDefault(sa => sa.State == "ESTABLISHED" && sa.Local.StartsWith(wan.Address + ":", StringComparison.Ordinal)
                && sa.Children.Any(c => c.State == "INSTALLED"))
            : null;
        var state = await app.WaitStatusAsync(s => Over(s, wan) is not null, $"tunnel hub1 up over {wan}", deadline ?? UpDeadline);
        return Over(state, wan)!;
    }

    /// <summary>Pings hub1's private host from the LAN client; true when replies come back.</summary>
    public static async Task<bool> LanReachesHub1Async(Lab lab, int count = 3)
    {
        var result = await lab.RunAsync("lan", $"ping -n -q -c {count} -i 0.2 -W 2 {Hub.Hub1.HealthAddress}", TimeSpan.FromSeconds(20));
        return result.Succeeded;
    }

    /// <summary>The hub's own view (`swanctl --list-sas`).</summary>
    public static async Task<string> HubSasAsync(Lab lab, Hub hub) => (await lab.SwanctlAsync(hub, "--list-sas")).StdOut;

    /// <summary>Waits until the appliance has its IKE sockets (UDP 500 and 4500) open on <paramref name="wan"/>.</summary>
    public static Task WaitListeningAsync(this LabAppliance app, Wan wan) =>
        Lab.WaitUntilAsync(async () =>
        {
            // ss prints a device-bound socket as ADDRESS%DEVICE:PORT.
            var sockets = (await app.Lab.RunAsync("app", "ss -Hlun")).StdOut;
            return sockets.Contains($"{wan.Address}%{wan.Name}:500 ", StringComparison.Ordinal)
                && sockets.Contains($"{wan.Address}%{wan.Name}:4500 ", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), $"the appliance's IKE sockets on {wan.Address}:500/4500");

    /// <summary>
    /// `swanctl --initiate --child CHILD` on the hub (it waits for the CHILD_SA); throws with the hub's output and
    /// log tail when the hub could not establish it.
    /// </summary>
    public static async Task HubInitiateAsync(Lab lab, Hub hub, string child)
    {
        var result = await lab.SwanctlAsync(hub, "--initiate", "--child", child, "--timeout", "30");
        if (!result.Succeeded)
            throw new InvalidOperationException($"{hub} could not initiate {child} (exit {result.ExitCode}):\n{result.StdOut}\n{result.StdErr}\n--- charon.log\n{lab.HubLogTail(hub)}");
    }

    /// <summary>Runs a swanctl command on the hub that must succeed (rekey, terminate, redirect).</summary>
    public static async Task<string> HubCommandAsync(Lab lab, Hub hub, params string[] arguments)
    {
        var result = await lab.SwanctlAsync(hub, arguments);
        if (!result.Succeeded)
            throw new InvalidOperationException($"swanctl {string.Join(' ', arguments)} on {hub} failed (exit {result.ExitCode}):\n{result.StdOut}\n{result.StdErr}\n--- charon.log\n{lab.HubLogTail(hub)}");
        return result.StdOut;
    }

    /// <summary>The installed CHILD_SA of tunnel hub1 (the newest when a rekey briefly leaves two).</summary>
    public static ChildSaStatus? InstalledChild(this ApplianceState state) =>
        state.Hub1()?.Sas.Where(s => s.State == "ESTABLISHED").SelectMany(s => s.Children)
            .Where(c => c.State == "INSTALLED").MaxBy(c => c.UniqueId);

    /// <summary>The ESTABLISHED IKE_SA of tunnel hub1 (the newest).</summary>
    public static IkeSaStatus? EstablishedSa(this ApplianceState state) =>
        state.Hub1()?.Sas.Where(s => s.State == "ESTABLISHED").MaxBy(s => s.UniqueId);

    /// <summary>Pings a host behind a hub from the LAN client until replies come back (a moment after a rekey).</summary>
    public static Task WaitLanReachesAsync(Lab lab, string address, string what) =>
        Lab.WaitUntilAsync(async () => (await lab.RunAsync("lan", $"ping -n -q -c 2 -i 0.2 -W 1 {address}", TimeSpan.FromSeconds(20))).Succeeded,
            TimeSpan.FromSeconds(20), what, TimeSpan.FromMilliseconds(200));
}
