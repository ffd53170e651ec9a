namespace EdgeMx.Ike.Engine;

/// <summary>
/// Traffic (inner packets and octets, as the data plane counts them) and rekeys of one connection since the engine
/// started, over all its SAs past and present: the tunnel's counters in `edgemx status` and the MQTT metrics. They
/// only grow. A CHILD_SA's traffic stays counted after it was rekeyed, deleted or lost with a dead peer (as of its last
/// usage report, at most one poll behind), and a reconnect does not reset the rekey counts.
/// </summary>
public readonly record struct ConnectionTotals(long BytesIn, long PacketsIn, long BytesOut, long PacketsOut, long IkeRekeys, long ChildRekeys);
