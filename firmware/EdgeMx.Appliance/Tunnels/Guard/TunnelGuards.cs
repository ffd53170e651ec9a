using System.Collections.Immutable;
using EdgeMx.Core.State;

namespace EdgeMx.Appliance.Tunnels.Guard;

/// <summary>
/// The guard service's latest view per tunnel, shared with the tunnel service: each builds its tunnels' state from
/// scratch, so both put the guard into <see cref="TunnelState"/> from here, inside their state update.
/// </summary>
public sealed class TunnelGuards
{
    private ImmutableDictionary<string, TunnelGuardState> _byTunnel = ImmutableDictionary.Create<string, TunnelGuardState>(StringComparer.Ordinal);

    public TunnelGuardState? For(string tunnel) => Volatile.Read(ref _byTunnel).GetValueOrDefault(tunnel);

    /// <summary>The tunnel's state with its guard (unchanged when the guard service has not looked yet).</summary>
    public TunnelState Apply(TunnelState tunnel)
    {
        if (For(tunnel.Name) is not { } guard) return tunnel;
        var guarded = GuardStatus.IsGuarded(guard);
        return Equals(tunnel.Guard, guard) && tunnel.Guarded == guarded ? tunnel : tunnel with { Guard = guard, Guarded = guarded };
    }

    internal void Set(IReadOnlyDictionary<string, TunnelGuardState> byTunnel)
    {
        var current = Volatile.Read(ref _byTunnel);
        var next = ImmutableDictionary.CreateBuilder<string, TunnelGuardState>(StringComparer.Ordinal);
        // Keep the instance when nothing changed, so states compare equal and no revision is spent on it.
        foreach (var (name, state) in byTunnel)
            next[name] = current.TryGetValue(name, out var old) && old.Equals(state) ? old : state;
        Volatile.Write(ref _byTunnel, next.ToImmutable());
    }
}
