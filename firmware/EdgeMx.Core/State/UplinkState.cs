using System.Collections.Immutable;

namespace EdgeMx.Core.State;

/// <summary>
/// One WAN port as the appliance sees it: the link (kernel carrier/operstate), the connection monitor's verdict,
/// its role in uplink selection, its addressing and its counters. Part of the stable `status --json` document:
/// members are added, never renamed or removed.
/// </summary>
public sealed record UplinkState
{
    public required string Name { get; init; }
    public required string Interface { get; init; }

    /// <summary>True for the configured primary uplink (preferred whenever it is healthy).</summary>
    public bool Primary { get; init; }

    /// <summary>Carrier as the kernel reports it (rtnetlink IFF_LOWER_UP).</summary>
    public LinkStatus Link { get; init; } = LinkStatus.Unknown;

    /// <summary>Kernel operstate in RFC 2863 words ("up", "down", "lowerlayerdown", …), when known.</summary>
    public string? OperState { get; init; }

    /// <summary>Verdict of the connection monitor (ICMP/HTTP/DNS probes through this uplink).</summary>
    public MonitorStatus Monitor { get; init; } = MonitorStatus.Pending;

    /// <summary>Active = carries the default route; standby = healthy or not, waiting.</summary>
    public UplinkRole Role { get; init; } = UplinkRole.Standby;

    /// <summary>Interface address in CIDR notation ("198.51.100.2/24"), when one is known.</summary>
    public string? Address { get; init; }

    /// <summary>Next hop for this uplink's default route.</summary>
    public string? Gateway { get; init; }

    /// <summary>"static" (from the config) or "os" (whatever the OS / DHCP client assigned).</summary>
    public string Addressing { get; init; } = "static";

    /// <summary>Average round-trip time of the successful probes in the monitor's window, in milliseconds.</summary>
    public double? LatencyMs { get; init; }

    /// <summary>Share of failed probes in the monitor's window, 0–100.</summary>
    public double? LossPercent { get; init; }

    /// <summary>Why the monitor is not "up" (which probes failed and how); null when up.</summary>
    public string? MonitorReason { get; init; }

    /// <summary>When <see cref="Monitor"/> last changed.</summary>
    public DateTimeOffset? MonitorSince { get; init; }

    /// <summary>When <see cref="Link"/> last changed.</summary>
    public DateTimeOffset? LinkSince { get; init; }

    /// <summary>The latest result of every configured probe target.</summary>
    public ImmutableArray<ProbeStatus> Probes { get; init; } = [];

    public UplinkCounters Counters { get; init; } = new();
}
