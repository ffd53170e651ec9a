using System.Collections.Immutable;

namespace EdgeMx.Esp.DataPlane;

/// <summary>
/// One installed CHILD_SA as `edgemx status` shows it (the data behind a `swanctl --list-sas` CHILD line): SPIs,
/// suite, encapsulation, selectors, traffic counters per direction (inner packets and octets) and drops by reason.
/// No keys.
/// </summary>
public sealed record EspChildSaStatus
{
    public required string Connection { get; init; }
    public required string Child { get; init; }
    public long UniqueId { get; init; }

    /// <summary>"installed"; "rekeyed" once a successor took over outbound traffic (inbound still accepted).</summary>
    public required string State { get; init; }

    public required string InboundSpi { get; init; }
    public required string OutboundSpi { get; init; }
    public required string Suite { get; init; }
    public bool ExtendedSequenceNumbers { get; init; }

    /// <summary>"esp-in-udp" (RFC 3948) or "esp".</summary>
    public required string Encapsulation { get; init; }

    public required string LocalEndpoint { get; init; }
    public required string RemoteEndpoint { get; init; }
    public ImmutableArray<string> LocalSelectors { get; init; } = [];
    public ImmutableArray<string> RemoteSelectors { get; init; } = [];
    public int TunnelMtu { get; init; }
    public long BytesIn { get; init; }
    public long PacketsIn { get; init; }
    public long BytesOut { get; init; }
    public long PacketsOut { get; init; }

    /// <summary>Highest authenticated inbound sequence number and outbound sequence number in use.</summary>
    public ulong SequenceIn { get; init; }
    public ulong SequenceOut { get; init; }
    public DateTimeOffset InstalledAt { get; init; }

    /// <summary>Seconds since the last inbound packet, null when none came.</summary>
    public double? IdleInSeconds { get; init; }

    /// <summary>Seconds since the last outbound packet, null when none went out.</summary>
    public double? IdleOutSeconds { get; init; }

    public ImmutableSortedDictionary<string, long> DropsIn { get; init; } = ImmutableSortedDictionary<string, long>.Empty;
    public ImmutableSortedDictionary<string, long> DropsOut { get; init; } = ImmutableSortedDictionary<string, long>.Empty;

    /// <summary>Soft/hard expiry state of the SA pair ("active", "softExpired", "hardExpired").</summary>
    public required string Lifetime { get; init; }
}
