namespace EdgeMx.Core.State;

/// <summary>
/// Holds the one immutable <see cref="ApplianceState"/> snapshot. Each subsystem replaces its own slice through
/// <see cref="Update"/>; LEDs, MQTT and the control socket only read or watch, so they never disagree.
/// </summary>
public interface IApplianceStateStore
{
    ApplianceState Current { get; }

    /// <summary>Applies <paramref name="change"/> atomically (retried on contention, so it must be pure),
    /// bumps <see cref="ApplianceState.Revision"/> if anything changed, and notifies watchers.</summary>
    ApplianceState Update(Func<ApplianceState, ApplianceState> change);

    /// <summary>The current snapshot, then every later one (intermediate snapshots may be skipped by slow watchers;
    /// the latest is always delivered).</summary>
    IAsyncEnumerable<ApplianceState> Watch(CancellationToken cancellationToken);
}
