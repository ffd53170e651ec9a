namespace EdgeMx.Lab.Tests;

// The strongSwan reference client in $P-app (lab.sh refclient): the known-good initiator in EdgeMx's role.
public sealed partial class Lab
{
    /// <summary>
    /// Starts the reference client over <paramref name="wan"/> to <paramref name="hub"/> and returns once its
    /// CHILD_SA (192.168.50.0/24 ↔ the hub's subnet) is installed; throws with charon's output otherwise.
    /// </summary>
    public Task<ProcessResult> RefClientStartAsync(Wan wan, Hub hub, string? ikeProposal = null, string? espProposal = null, string? id = null)
    {
        List<string> arguments = ["refclient", "start", wan.Name, "hub", hub.Number.ToString()];
        if (ikeProposal is not null) arguments.AddRange(["--proposal", ikeProposal]);
        if (espProposal is not null) arguments.AddRange(["--esp-proposal", espProposal]);
        if (id is not null) arguments.AddRange(["--id", id]);
        return ScriptAsync(TimeSpan.FromSeconds(60), CancellationToken.None, [.. arguments]);
    }

    /// <summary>Deletes the client's SA, stops it and removes the route and forwarding setting it added.</summary>
    public Task RefClientStopAsync() => ScriptAsync("refclient", "stop");

    public Task<ProcessResult> RefClientSwanctlAsync(params string[] arguments) =>
        TryScriptAsync(DefaultTimeout, CancellationToken.None, ["refclient", "swanctl", .. arguments]);
}
