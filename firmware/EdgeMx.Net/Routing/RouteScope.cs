namespace EdgeMx.Net.Routing;

/// <summary>rtm_scope (RT_SCOPE_* in linux/rtnetlink.h): how far the destination is.</summary>
public enum RouteScope : byte
{
    Universe = 0,  // via a gateway
    Site = 200,
    Link = 253,    // directly attached
    Host = 254,    // this host
    Nowhere = 255,
}
