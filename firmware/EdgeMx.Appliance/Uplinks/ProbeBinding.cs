using System.Net;

namespace EdgeMx.Appliance.Uplinks;

/// <summary>How a probe leaves through one uplink: bound to its device and sourced from its address.</summary>
/// <param name="Resolvers">
/// DNS servers asked (through the same uplink) for HTTP probe host names, in order; empty = none configured, so the
/// probe runner uses the OS's name servers (still through the uplink).
/// </param>
public sealed record ProbeBinding(string Uplink, string Interface, IPAddress Source, IReadOnlyList<IPAddress> Resolvers)
{
    // Records compare lists by reference; two bindings with the same servers are the same binding.
    public bool Equals(ProbeBinding? other) =>
        other is not null && Uplink == other.Uplink && Interface == other.Interface && Source.Equals(other.Source)
        && Resolvers.SequenceEqual(other.Resolvers);

    public override int GetHashCode() => HashCode.Combine(Uplink, Interface, Source, Resolvers.Count);
}
