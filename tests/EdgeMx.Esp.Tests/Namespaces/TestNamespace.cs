using EdgeMx.Net;

namespace EdgeMx.Esp.Tests.Namespaces;

/// <summary>
/// A throwaway named network namespace with a random per-run prefix ("espt" + 4 hex digits), entered through
/// <see cref="NetworkNamespace"/>; deleted with everything in it on dispose. Never touches the root namespace.
/// </summary>
internal sealed class TestNamespace : IDisposable
{
    public static readonly string RunPrefix = "espt" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2));
    private static int _counter;

    public TestNamespace(string role)
    {
        EdgeMx.Testing.Root.Require();
        Name = $"{RunPrefix}-{role}{Interlocked.Increment(ref _counter)}";
        Shell.Run($"ip netns add {Name}");
        Shell.Run($"ip -n {Name} link set lo up");
        Namespace = NetworkNamespace.Open(Name);
    }

    public string Name { get; }
    public NetworkNamespace Namespace { get; }

    public string Exec(string command, bool check = true, int timeoutSeconds = 60) =>
        Shell.Run($"ip netns exec {Name} {command}", check, timeoutSeconds);

    public string Ip(string arguments, bool check = true) => Shell.Run($"ip -n {Name} {arguments}", check);

    /// <summary>A veth pair between two namespaces, each end with an address.</summary>
    public static void Link(TestNamespace a, string aName, string aAddress, TestNamespace b, string bName, string bAddress, int mtu = 1500)
    {
        Shell.Run($"ip link add {aName} netns {a.Name} mtu {mtu} type veth peer name {bName} netns {b.Name} mtu {mtu}");
        a.Ip($"addr add {aAddress} dev {aName}");
        b.Ip($"addr add {bAddress} dev {bName}");
        a.Ip($"link set {aName} up");
        b.Ip($"link set {bName} up");
    }

    public void Forwarding() => Exec("sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1");

    public void Dispose()
    {
        Namespace.Dispose();
        Shell.Run($"ip netns pids {Name} | xargs -r kill -9", check: false);
        Shell.Run($"ip netns del {Name}", check: false);
    }
}
