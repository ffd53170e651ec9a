using System.Net;

namespace EdgeMx.Net.Sockets;

/// <summary>
/// Where traffic of a probe (or IKE) must leave: the uplink's device (SO_BINDTODEVICE) and its address as source.
/// <see cref="Namespace"/> is for the lab and tests: sockets are then created inside that network namespace.
/// </summary>
public sealed record UplinkBinding(string Device, IPAddress? Source = null)
{
    public NetworkNamespace? Namespace { get; init; }

    public override string ToString() => Source is null ? $"dev {Device}" : $"dev {Device} src {Source}";
}
