using EdgeMx.Esp.DataPlane;
using EdgeMx.Esp.Sa;

namespace EdgeMx.Esp.Policy;

/// <summary>
/// Where a policy's traffic goes right now: the outbound SA, the outer endpoints and the tunnel MTU that follows
/// from them. Immutable; a rekey or an endpoint change replaces the whole object in one reference write, so the
/// packet path always sees a consistent triple.
/// </summary>
public sealed record PolicyTarget(EspOutboundSa Sa, EspEndpoints Endpoints, int TunnelMtu);
