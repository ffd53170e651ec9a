using System.Net;
using EdgeMx.Core.Events;
using EdgeMx.Ike.DataPlane;

namespace EdgeMx.Ike.Engine;

/// <summary>What the engine asks its host to do. The engine itself does no I/O.</summary>
public abstract record IkeAction;

/// <summary>
/// Send an IKE message (or a NAT keepalive) from <see cref="Local"/> to <see cref="Remote"/>. On the NAT-T port the
/// transport prefixes IKE messages with the 4-octet non-ESP marker (RFC 3948 §2.2); keepalives (the single octet
/// 0xFF, RFC 3948 §2.3) are sent as they are.
/// </summary>
public sealed record SendDatagram(IPEndPoint Local, IPEndPoint Remote, byte[] Data, bool IsKeepalive = false) : IkeAction;

public sealed record InstallChildSa(ChildSaDescription ChildSa) : IkeAction;

/// <param name="CountedUsage">The CHILD_SA's usage as the engine last saw it (from the periodic pull) and counted into
/// the connection's totals; the host tops the totals up with what the data plane's final counters show beyond it
/// (<see cref="IkeEngine.CountFinalUsage"/>).</param>
public sealed record RemoveChildSa(string Connection, string Child, uint InboundSpi, uint OutboundSpi, ChildSaUsage? CountedUsage = null) : IkeAction;

public sealed record UpdateChildSaEndpoints(uint InboundSpi, IPEndPoint Local, IPEndPoint Remote, bool UdpEncapsulation) : IkeAction;

/// <summary>An entry for the appliance event log (category vpn, subject the connection name).</summary>
public sealed record ReportEvent(EventDraft Event) : IkeAction;

/// <summary>Something in the SA table changed; the host refreshes the status it publishes.</summary>
public sealed record SaStateChanged(string Connection) : IkeAction;
