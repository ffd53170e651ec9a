namespace EdgeMx.Net.Tests.Lab;

/// <summary>
/// Two namespaces joined by a veth pair: "client" (10.77.0.1/24 on <c>up0</c>) and "server" (10.77.0.2/24 on
/// <c>down0</c>), the usual shape for probing a real server through a real link.
/// </summary>
public sealed class NamespacePair : IDisposable
{
    public const string ClientAddress = "10.77.0.1";
    public const string ServerAddress = "10.77.0.2";
    public const string ClientDevice = "up0";
    public const string ServerDevice = "down0";

    public NamespacePair()
    {
        Client = new TestNamespace("c");
        Server = new TestNamespace("s");
        Client.Ip($"link add {ClientDevice} type veth peer name {ServerDevice} netns {Server.Name}");
        Client.Ip($"addr add {ClientAddress}/24 dev {ClientDevice}");
        Client.Ip($"link set {ClientDevice} up");
        Server.Ip($"addr add {ServerAddress}/24 dev {ServerDevice}");
        Server.Ip($"link set {ServerDevice} up");
        Client.Ip($"-6 addr add fd77::1/64 dev {ClientDevice} nodad");
        Server.Ip($"-6 addr add fd77::2/64 dev {ServerDevice} nodad");
    }

    public TestNamespace Client { get; }
    public TestNamespace Server { get; }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
