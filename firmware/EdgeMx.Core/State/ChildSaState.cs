using System.Collections.Immutable;

namespace EdgeMx.Core.State;

/// <summary>One installed CHILD_SA's traffic as `edgemx status` shows it (SPIs in hex, no keys).</summary>
public sealed record ChildSaState
{
    public required string Connection { get; init; }
    public required string Child { get; init; }
    public long UniqueId { get; init; }

    /// <summary>"installed", or "rekeyed" while a successor carries outbound traffic and this one still accepts inbound.</summary>
    public required string State { get; init; }
    public required string InboundSpi { get; init; }
    public required string OutboundSpi { get; init; }
    public required string Suite { get; init; }
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
    public ImmutableSortedDictionary<string, long> DropsIn { get; init; } = ImmutableSortedDictionary<string, long>.Empty;
    public ImmutableSortedDictionary<string, long> DropsOut { get; init; } = ImmutableSortedDictionary<string, long>.Empty;
    public required string Lifetime { get; init; }
}
