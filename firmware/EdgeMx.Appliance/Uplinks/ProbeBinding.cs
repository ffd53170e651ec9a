using System.Net;

namespace EdgeMx.Appliance.Uplinks;

/// <summary>How a probe leaves through one uplink: bound to its device and sourced from its address.</summary>
/// <param name="Resolver">DNS server used (through the same uplink) for HTTP probe host names; null = none known.</param>
public sealed record ProbeBinding(string Uplink, string Interface, IPAddress Source, IPAddress? Resolver);
