namespace EdgeMx.Core.State;

/// <summary>Traffic and rekey counters of one tunnel since the appliance started, as the IKE/ESP subsystem reports
/// them (all CHILD_SAs of the tunnel together). Published in MQTT metrics.</summary>
public sealed record TunnelCounters
{
    public long BytesIn { get; init; }
    public long BytesOut { get; init; }
    public long PacketsIn { get; init; }
    public long PacketsOut { get; init; }
    public long IkeRekeys { get; init; }
    public long ChildRekeys { get; init; }
}
