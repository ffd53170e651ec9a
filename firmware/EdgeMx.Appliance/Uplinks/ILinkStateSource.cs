namespace EdgeMx.Appliance.Uplinks;

/// <summary>
/// Kernel link state, pushed (rtnetlink notifications), never polled: first one observation per existing interface,
/// then one per change, until cancelled.
/// </summary>
public interface ILinkStateSource
{
    IAsyncEnumerable<LinkObservation> WatchAsync(CancellationToken cancellationToken);
}
