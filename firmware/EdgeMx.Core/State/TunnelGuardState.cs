using System.Collections.Immutable;

namespace EdgeMx.Core.State;

/// <summary>
/// Whether a tunnel's traffic fails closed while the tunnel is down: the `unreachable` guard routes for its remote
/// subnets, as read back from the kernel (the kernel drops and answers the packets; it counts them nowhere per
/// route, so there is no drop counter here).
/// </summary>
public sealed record TunnelGuardState
{
    /// <summary>The tunnel's `failClosed` setting.</summary>
    public bool FailClosed { get; init; }

    /// <summary>Remote subnets whose guard route is in the kernel's main table.</summary>
    public ImmutableArray<string> Prefixes { get; init; } = [];

    /// <summary>Remote subnets that should be guarded and are not (the route could not be installed, or cannot guard).</summary>
    public ImmutableArray<string> Unguarded { get; init; } = [];

    /// <summary>The guard routes' shape, as `ip route` shows it (e.g. "unreachable metric 1000000 proto 77").</summary>
    public string? Route { get; init; }

    /// <summary>Why a guard is missing (a netlink error, a subnet no route can guard); null when all are in place.</summary>
    public string? Error { get; init; }

    public bool Equals(TunnelGuardState? other) =>
        other is not null && FailClosed == other.FailClosed && Prefixes.SequenceEqual(other.Prefixes)
        && Unguarded.SequenceEqual(other.Unguarded) && Route == other.Route && Error == other.Error;

    public override int GetHashCode() => HashCode.Combine(FailClosed, Prefixes.Length, Unguarded.Length, Route, Error);
}
