using System.Security.Cryptography;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests;

/// <summary>
/// One running lab (tools/lab/lab.sh) with its own namespace prefix: bring-up and teardown, commands in its
/// namespaces, typed break/mend commands, the strongSwan reference client, and polling for real conditions.
/// </summary>
public sealed partial class Lab : IAsyncDisposable
{
    /// <summary>Time limit of a single command unless a caller gives another.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan BringUpTimeout = TimeSpan.FromSeconds(120);
    private const string StateRoot = "/run/edgemx-lab";

    private Lab(string prefix) => Prefix = prefix;

    /// <summary>The namespace prefix ($EDGEMX_LAB_PREFIX of every lab.sh call made for this lab).</summary>
    public string Prefix { get; }

    /// <summary>/run/edgemx-lab/PREFIX: configs, PSKs, pids, logs of the lab.</summary>
    public string StateDir => Path.Combine(StateRoot, Prefix);

    /// <summary>The full namespace name of a node (app, lan, isp1, isp2, inet, hub1, hub1-net, hub2, hub2-net, svc).</summary>
    public string Namespace(string node) => $"{Prefix}-{node}";

    /// <summary>The hub's PSK file (0600, no trailing newline): what an appliance config points at.</summary>
    public string PskFile(Hub hub) => Path.Combine(StateDir, $"hub{hub.Number}.psk");

    public string ReadPsk(Hub hub) => File.ReadAllText(PskFile(hub));

    /// <summary>A fresh random prefix ("lt" + 6 hex digits): parallel runs never share namespaces.</summary>
    public static string NewPrefix() => "lt" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>
    /// Brings up a lab (a new random prefix unless one is given). On failure the half-built lab is torn down and
    /// the error carries lab.sh's output. The lab records this process as its owner, so a lab left behind by a
    /// killed test run is removed by the next run (<see cref="ReapAbandonedAsync"/>).
    /// </summary>
    public static async Task<Lab> UpAsync(string? prefix = null, CancellationToken cancellationToken = default)
    {
        Root.Require();
        var lab = new Lab(prefix ?? NewPrefix());
        try
        {
            await lab.ScriptAsync(BringUpTimeout, cancellationToken, "up");
            await File.WriteAllTextAsync(Path.Combine(lab.StateDir, OwnerFile), OwnerStamp(Environment.ProcessId), cancellationToken);
        }
        catch
        {
            await lab.DownAsync();
            throw;
        }
        return lab;
    }

    /// <summary>Runs lab.sh up again (idempotent; used to check that a second bring-up changes nothing).</summary>
    public Task<ProcessResult> UpAgainAsync() => ScriptAsync(BringUpTimeout, CancellationToken.None, "up");

    /// <summary>Removes everything of this lab (lab.sh down); safe to call more than once.</summary>
    public async Task DownAsync() => await ScriptAsync(TimeSpan.FromSeconds(60), CancellationToken.None, "down");

    public async ValueTask DisposeAsync() => await DownAsync();

    /// <summary>Runs lab.sh with this lab's prefix and throws (with its output) unless it exits 0.</summary>
    public Task<ProcessResult> ScriptAsync(params string[] arguments) =>
        ScriptAsync(DefaultTimeout, CancellationToken.None, arguments);

    public async Task<ProcessResult> ScriptAsync(TimeSpan timeout, CancellationToken cancellationToken, params string[] arguments) =>
        (await TryScriptAsync(timeout, cancellationToken, arguments)).EnsureSuccess();

    /// <summary>Runs lab.sh with this lab's prefix and returns whatever happened.</summary>
    public Task<ProcessResult> TryScriptAsync(TimeSpan timeout, CancellationToken cancellationToken, params string[] arguments) =>
        CommandRunner.RunAsync("bash", [RepoPaths.LabScript, .. arguments], timeout,
            new Dictionary<string, string> { ["EDGEMX_LAB_PREFIX"] = Prefix }, cancellationToken);

    /// <summary>Runs a shell command (sh -c) in the node's namespace.</summary>
    public Task<ProcessResult> RunAsync(string node, string shellCommand, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        RunArgsAsync(node, ["sh", "-c", shellCommand], timeout, cancellationToken);

    /// <summary>Runs a shell command (sh -c) in the node's namespace, blocking.</summary>
    public ProcessResult Run(string node, string shellCommand, TimeSpan? timeout = null) =>
        RunAsync(node, shellCommand, timeout).GetAwaiter().GetResult();

    /// <summary>Runs a program with its arguments in the node's namespace (no shell).</summary>
    public Task<ProcessResult> RunArgsAsync(string node, IReadOnlyList<string> argv, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        CommandRunner.RunAsync("ip", ["netns", "exec", Namespace(node), .. argv], timeout ?? DefaultTimeout, null, cancellationToken);

    /// <summary>The processes running in the node's namespace right now (`ip netns pids`).</summary>
    public async Task<IReadOnlyList<int>> PidsAsync(string node)
    {
        var result = (await CommandRunner.RunAsync("ip", ["netns", "pids", Namespace(node)], DefaultTimeout)).EnsureSuccess();
        return result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
    }

    /// <summary>The namespaces that exist right now with this prefix (PREFIX-*).</summary>
    public static IReadOnlyList<string> ExistingNamespaces(string prefix) =>
        Directory.Exists("/run/netns")
            ? Directory.GetFiles("/run/netns").Select(Path.GetFileName).OfType<string>()
                .Where(n => n.StartsWith(prefix + "-", StringComparison.Ordinal)).Order().ToList()
            : [];
}
