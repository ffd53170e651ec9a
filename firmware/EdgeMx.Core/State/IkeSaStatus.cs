using System.Collections.Immutable;

namespace EdgeMx.Core.State;

/// <summary>
/// One IKE SA as `edgemx status` lists it (modelled on `swanctl --list-sas`): state, our role, SPIs, identities,
/// endpoints with NAT, the negotiated algorithms, times, and its CHILD_SAs. Never carries key material.
/// </summary>
public sealed record IkeSaStatus
{
    public required long UniqueId { get; init; }

    /// <summary>CONNECTING, ESTABLISHED, REKEYING, DELETING (swanctl's words).</summary>
    public required string State { get; init; }

    /// <summary>True when we initiated this SA.</summary>
    public bool Initiator { get; init; }
    public required string SpiI { get; init; }
    public required string SpiR { get; init; }
    public required string Local { get; init; }
    public required string Remote { get; init; }
    public string? LocalId { get; init; }
    public string? RemoteId { get; init; }
    public bool NatLocal { get; init; }
    public bool NatRemote { get; init; }
    public bool Encapsulated { get; init; }

    /// <summary>E.g. AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519; null before IKE_SA_INIT completed.</summary>
    public string? Proposal { get; init; }
    public long? EstablishedSeconds { get; init; }
    public long? RekeyInSeconds { get; init; }
    public int Rekeys { get; init; }
    public ImmutableArray<ChildSaStatus> Children { get; init; } = [];
}

/// <summary>One CHILD_SA (a pair of ESP SAs) with its selectors and traffic counters.</summary>
public sealed record ChildSaStatus
{
    public required string Name { get; init; }
    public required long UniqueId { get; init; }

    /// <summary>INSTALLED, REKEYING, REKEYED, DELETING.</summary>
    public required string State { get; init; }
    public required string SpiIn { get; init; }
    public required string SpiOut { get; init; }
    public required string Proposal { get; init; }
    public bool Encapsulated { get; init; }
    public required string LocalTs { get; init; }
    public required string RemoteTs { get; init; }
    public long BytesIn { get; init; }
    public long PacketsIn { get; init; }
    public long BytesOut { get; init; }
    public long PacketsOut { get; init; }
    public long? InstalledSeconds { get; init; }
    public long? RekeyInSeconds { get; init; }
}
