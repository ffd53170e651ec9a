namespace EdgeMx.Lab.Tests.Uplinks;

/// <summary>What the kernel in $P-app holds: every route of every table and every rule, as `ip` prints them.</summary>
internal static class LabRouting
{
    public static async Task<string> SnapshotAsync(Lab lab)
    {
        var routes = (await lab.RunAsync("app", "ip -4 route show table all | sort")).EnsureSuccess().StdOut;
        var rules = (await lab.RunAsync("app", "ip -4 rule show")).EnsureSuccess().StdOut;
        return $"{routes}\n--- rules\n{rules}";
    }

    public static async Task<string> OursAsync(Lab lab)
    {
        var routes = (await lab.RunAsync("app", "ip -4 route show table all proto 77 | sort")).EnsureSuccess().StdOut;
        var rules = (await lab.RunAsync("app", "ip -4 rule show | grep -w 'proto 77' || true")).EnsureSuccess().StdOut;
        return $"{routes}\n--- rules\n{rules}";
    }
}
