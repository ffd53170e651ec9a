namespace EdgeMx.Ike.DataPlane;

/// <summary>
/// Traffic counters of one CHILD_SA as the data plane counts them. <see cref="LastInboundTimestamp"/> is a
/// <see cref="TimeProvider.GetTimestamp"/> value (same clock as the engine's), used by on-demand DPD to skip checks
/// while ESP traffic from the peer is arriving.
/// </summary>
public readonly record struct ChildSaUsage(long BytesIn, long PacketsIn, long BytesOut, long PacketsOut, long? LastInboundTimestamp);
