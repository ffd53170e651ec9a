using System.Diagnostics;
using EdgeMx.Testing;

namespace EdgeMx.Appliance.Tests.Cli;

/// <summary>
/// `edgemx config validate --local FILE`, the real executable: one file with every kind of mistake the appliance
/// issue lists — a wrong type, an unknown interface, a duplicate and an overlapping subnet, an unreadable secret file,
/// an out-of-range timer — reported together, each at its JSON path, exit code 1. It runs as the user nobody:
/// root reads any file, so "unreadable" can only be shown for another user (the secret is root's, mode 0600).
/// </summary>
public sealed class ConfigValidateCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "edgemx-validate-" + Guid.NewGuid().ToString("N")[..10]);

    public ConfigValidateCommandTests()
    {
        Directory.CreateDirectory(_dir);
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101); // 0755: nobody may read the config, not the secret
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Every_kind_of_mistake_is_reported_at_once_with_its_path()
    {
        Root.Require();
        var psk = Path.Combine(_dir, "hub1.psk");
        await File.WriteAllTextAsync(psk, "s3cret-psk\n");
        File.SetUnixFileMode(psk, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = Path.Combine(_dir, "edgemx.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "device": { "id": "branch-1" },
              "lan": [
                { "name": "lan", "interface": "lo", "address": "10.0.2.1/24" },
                { "name": "guest", "interface": "lo", "address": "198.51.100.1/24" }
              ],
              "uplinks": [
                { "name": "wan1", "interface": "lo", "addressing": { "mode": "static", "address": "198.51.100.2/24", "gateway": "198.51.100.1" } },
                { "name": "wan2", "interface": "wan9", "addressing": { "mode": "static", "address": "10.0.2.2/16", "gateway": "10.0.2.1" } }
              ],
              "uplinkSelection": { "failbackHoldMs": "15s" },
              "monitoring": { "intervalMs": 50, "probes": [ { "method": "icmp", "target": "203.0.113.100" } ] },
              "tunnels": [ {
                "name": "hub1", "peer": "203.0.113.11", "localId": { "type": "fqdn", "value": "branch.lab" }, "pskFile": "{{psk}}",
                "ikeProposals": "aes256gcm16-prfsha256-x25519", "espProposals": "aes256gcm16",
                "localSubnets": ["192.168.50.0/24"], "remoteSubnets": ["10.1.0.0/24"]
              } ]
            }
            """);
        File.SetUnixFileMode(config, (UnixFileMode)0b110_100_100); // 0644

        var (exit, output) = await RunAsNobodyAsync("config", "validate", "--local", config);
        void Has(string line) => Assert.True(output.Contains(line, StringComparison.Ordinal), $"expected \"{line}\" in:\n{output}");

        Assert.Equal(1, exit);
        Has($"{config}: invalid, 10 errors"); // also: lo used by a LAN and an uplink, and the timeout of each uplink
        Has("error   $.uplinkSelection.failbackHoldMs: expected an integer, got the string \"15s\"");            // wrong type
        Has("error   $.uplinks[1].interface: interface \"wan9\" does not exist on this system");                 // unknown interface
        Has("error   $.lan[1].address: subnet 198.51.100.0/24 is the same as at $.uplinks[0].addressing.address"); // duplicate subnet
        Has("error   $.lan[0].address: subnet 10.0.2.0/24 overlaps 10.0.0.0/16 at $.uplinks[1].addressing.address"); // overlapping subnet
        Has($"error   $.tunnels[0].pskFile: secret file {psk} cannot be read: Access to the path '{psk}' is denied.");   // unreadable secret
        Has("error   $.monitoring.intervalMs: 50 is below the minimum 100");                                      // out-of-range timer
        Has("error   $.monitoring.timeoutMs: probe timeout 800 ms must be shorter than the interval 50 ms");
        Assert.DoesNotContain("s3cret-psk", output);
    }

    private static async Task<(int Exit, string Output)> RunAsNobodyAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp",
                                  Path.Combine(AppContext.BaseDirectory, "edgemx") })
            start.ArgumentList.Add(a);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
