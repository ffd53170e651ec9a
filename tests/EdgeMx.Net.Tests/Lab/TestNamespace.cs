namespace EdgeMx.Net.Tests.Lab;

/// <summary>
/// A throwaway named network namespace (<c>ip netns add</c>) with a random per-run prefix, entered through
/// <see cref="NetworkNamespace"/>; deleted (with everything in it) on dispose. Never touches the root namespace.
/// </summary>
public sealed class TestNamespace : IDisposable
{
    public static readonly string RunPrefix = "emxn" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2));
    private static int _counter;

    public TestNamespace(string role = "ns")
    {
        EdgeMx.Testing.Root.Require();
        Name = $"{RunPrefix}-{role}{Interlocked.Increment(ref _counter)}";
        Shell.Run($"ip netns add {Name}");
        Shell.Run($"ip -n {Name} link set lo up");
        Namespace = NetworkNamespace.Open(Name);
    }

    public string Name { get; }
    public NetworkNamespace Namespace { get; }

    /// <summary>Runs a shell command inside the namespace.</summary>
    public string Exec(string command, bool check = true) => Shell.Run($"ip netns exec {Name} {command}", check);

    public string Ip(string arguments, bool check = true) => Shell.Run($"ip -n {Name} {arguments}", check);

    public void Dispose()
    {
        Namespace.Dispose();
        Shell.Run($"ip netns pids {Name} | xargs -r kill -9", check: false);
        Shell.Run($"ip netns del {Name}", check: false);
    }
}
