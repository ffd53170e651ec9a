using System.Collections.Immutable;

namespace EdgeMx.Core.State;

/// <summary>
/// The ESP data plane in `edgemx status --json`: which backend carries the packets and why (the start-up probe),
/// totals and drops by reason over every SA (including packets no SA could be charged with), each installed
/// CHILD_SA's counters (like `swanctl --list-sas`), and the process figures the benchmark reads (gen-2 GCs, CPU).
/// </summary>
public sealed record DataPlaneState
{
    /// <summary>"userspace" or "xfrm".</summary>
    public required string Backend { get; init; }
    public required string BackendReason { get; init; }

    /// <summary>False until the first CHILD_SA (or the tunnel service) started the backend; null error while fine.</summary>
    public bool Running { get; init; }
    public string? Error { get; init; }

    /// <summary>The user-space backend's TUN device; null for XFRM.</summary>
    public string? Device { get; init; }

    public long PacketsIn { get; init; }
    public long BytesIn { get; init; }
    public long PacketsOut { get; init; }
    public long BytesOut { get; init; }
    public long IcmpErrorsSent { get; init; }
    public long MssClamped { get; init; }

    /// <summary>Drops by reason (camelCase names of the ESP drop reasons), only non-zero ones.</summary>
    public ImmutableSortedDictionary<string, long> Drops { get; init; } = ImmutableSortedDictionary<string, long>.Empty;

    public ImmutableArray<ChildSaState> ChildSas { get; init; } = [];

    /// <summary>GC.CollectionCount(2) and total processor time of the appliance process, for benchmarks.</summary>
    public int Gen2Collections { get; init; }
    public double CpuSeconds { get; init; }

    /// <summary>
    /// GC.CollectionCount(0) and GC.GetTotalAllocatedBytes() of the appliance process: over a transfer, divided by the
    /// packets carried, what the packet path allocates (tools/bench/esp.sh; the target is nothing per packet).
    /// </summary>
    public int Gen0Collections { get; init; }
    public long AllocatedBytes { get; init; }
}
