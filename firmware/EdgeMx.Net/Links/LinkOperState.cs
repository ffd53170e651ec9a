namespace EdgeMx.Net.Links;

/// <summary>IFLA_OPERSTATE: the RFC 2863 operational state (IF_OPER_* in linux/if.h).</summary>
public enum LinkOperState : byte
{
    Unknown = 0,
    NotPresent = 1,
    Down = 2,
    LowerLayerDown = 3,   // e.g. a veth whose peer is down: no carrier
    Testing = 4,
    Dormant = 5,
    Up = 6,
}
