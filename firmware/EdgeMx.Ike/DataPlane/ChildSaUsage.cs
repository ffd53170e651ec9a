namespace EdgeMx.Ike.DataPlane;

/// <summary>
/// Traffic counters of one CHILD_SA as the data plane counts them. <see cref="LastInboundTimestamp"/> and
/// <see cref="LastOutboundTimestamp"/> are <see cref="TimeProvider.GetTimestamp"/> values (same clock as the engine's)
/// of the last packet each way, null when the data plane does not keep them (the engine then goes by the counters
/// growing). On-demand DPD uses them: ESP from the peer shows it lives, ESP to it with nothing back calls for a check.
/// </summary>
public readonly record struct ChildSaUsage(long BytesIn, long PacketsIn, long BytesOut, long PacketsOut, long? LastInboundTimestamp,
    long? LastOutboundTimestamp = null);
